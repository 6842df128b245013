import type { TJobState } from '@keten/contracts';
import { Badge } from '@keten/ui';
import { formatDateTime } from '../format';
import { JOB_STATE_LABELS, JOB_STATE_TONES } from './job-state';

export function StateBadge({ state }: { state: TJobState }) {
  return <Badge tone={JOB_STATE_TONES[state]}>{JOB_STATE_LABELS[state]}</Badge>;
}

export function ProgressBar({ percent, state }: { percent: number; state: TJobState }) {
  const value = Math.max(0, Math.min(100, Math.round(percent)));
  const bar = state === 'FAILED' ? 'bg-rose-500' : state === 'COMPLETED' ? 'bg-emerald-500' : 'bg-sky-600';
  return (
    <div className="flex items-center gap-2">
      <div
        role="progressbar"
        aria-valuenow={value}
        aria-valuemin={0}
        aria-valuemax={100}
        className="h-1.5 w-16 overflow-hidden rounded-full bg-slate-200"
      >
        <div className={`h-full ${bar} transition-[width] duration-700`} style={{ width: `${value}%` }} />
      </div>
      <span className="w-9 text-right text-xs tabular-nums text-slate-600">{value}%</span>
    </div>
  );
}

/** ffmpeg's last stderr lines, as the worker recorded them; long tokens (paths, addresses) wrap instead of widening the table. */
export function ErrorLines({ lines }: { lines: string[] }) {
  if (lines.length === 0) return <span className="text-slate-500">—</span>;
  return (
    <pre className="max-w-md min-w-48 whitespace-pre-wrap [overflow-wrap:anywhere] rounded bg-slate-50 px-2 py-1 font-mono text-[11px] leading-4 text-rose-800">
      {lines.join('\n')}
    </pre>
  );
}

export function When({ value }: { value: Date | string | null }) {
  if (!value) return <span className="text-slate-500">—</span>;
  return <span className="whitespace-nowrap tabular-nums">{formatDateTime(value)}</span>;
}
