import { cn } from '@keten/ui';
import { formatCount } from '../format';

/**
 * One wave's progress: the boxes it targets and how many of them count as updated (reported the new version and
 * then played a first frame on it). The bar's width is updated / targeted.
 */
export function WaveBar({
  label,
  targeted,
  updated,
  muted,
  className,
}: {
  label: string;
  targeted: number;
  updated: number;
  /** A wave that has not started: its boxes are counted but not yet told. */
  muted?: boolean;
  className?: string;
}) {
  const share = targeted > 0 ? Math.min(1, updated / targeted) : 0;
  const percent = Math.round(share * 100);
  return (
    <div className={cn('flex flex-col gap-1', className)}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={targeted}
        aria-valuenow={updated}
        aria-valuetext={`${formatCount(updated)} of ${formatCount(targeted)} boxes updated`}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={cn('h-full rounded-full', muted ? 'bg-slate-300' : 'bg-sky-600')}
          style={{ width: `${percent}%` }}
        />
      </div>
      <span className="text-xs text-slate-600">
        {formatCount(updated)} of {formatCount(targeted)} updated{targeted > 0 ? ` (${percent} %)` : ''}
      </span>
    </div>
  );
}
