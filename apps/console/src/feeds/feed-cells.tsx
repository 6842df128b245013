import { Badge } from '@keten/ui';
import { formatAgo } from '../channels/health/health-format';
import { HEALTH_TONES, PROTOCOL_SHORT, sourceRole } from '../channels/labels';
import { formatDateTime } from '../format';
import { LIVE_STATES, sourceProblems, type TFeedRow } from './feed-format';

/** Primary or backup, its protocol and health; "nothing on air" until the worker reports. */
export function OnAirCell({ onAir }: { onAir: TFeedRow['onAir'] }) {
  if (!onAir) return <span className="text-xs text-slate-500">Nothing on air</span>;
  return (
    <span className="flex items-center gap-1.5 whitespace-nowrap text-xs text-slate-700">
      <span className={onAir.position === 0 ? '' : 'font-medium text-amber-800'}>
        {sourceRole(onAir.position)}
      </span>
      <span>· {PROTOCOL_SHORT[onAir.protocol]}</span>
      <Badge tone={HEALTH_TONES[onAir.health]}>{onAir.health.toLowerCase()}</Badge>
    </span>
  );
}

export function SourceProblemsCell({ sources }: { sources: TFeedRow['sources'] }) {
  const problems = sourceProblems(sources);
  const of = `of ${sources.total} source${sources.total === 1 ? '' : 's'}`;
  if (!problems) return <span className="whitespace-nowrap text-xs text-slate-500">None {of}</span>;
  return (
    <span className="flex items-center gap-1.5 whitespace-nowrap text-xs">
      <Badge tone={sources.down > 0 ? 'danger' : 'warning'}>{problems}</Badge>
      <span className="text-slate-500">{of}</span>
    </span>
  );
}

/** "4 min ago", the Amsterdam time on hover. */
export function LastFailoverCell({ at }: { at: Date | null }) {
  if (!at) return <span className="text-xs text-slate-500">Never</span>;
  // The same absolute form as the channel health page (Amsterdam time).
  const absolute = formatDateTime(at);
  return (
    <time dateTime={new Date(at).toISOString()} title={absolute} className="whitespace-nowrap text-xs">
      {formatAgo(at)}
    </time>
  );
}

export function LiveStateCell({ live }: { live: TFeedRow['live'] }) {
  if (!live) return <span className="text-xs text-slate-500">Not started</span>;
  const state = LIVE_STATES[live.state];
  return <Badge tone={state.tone}>{state.label}</Badge>;
}
