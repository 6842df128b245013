import { Badge, Card, EmptyState } from '@keten/ui';
import { formatDateTime } from '../format';
import { EVENT_LABELS, STATE_LABELS } from './rollout-format';
import type { TRolloutDetail } from './types';

// The engine writes "system:rollout-engine"; a person reads who it was.
const actorOf = (email: string) => (email.startsWith('system:') ? 'Rollout engine' : email);

/** Every state change, newest first: what, who or what made it, and why. */
export function EventsTimeline({ rollout }: { rollout: TRolloutDetail }) {
  return (
    <Card
      title="Timeline"
      description="Every state change, newest first; the same entries reach the audit log."
    >
      {rollout.events.length === 0 ? (
        <EmptyState title="No events yet" />
      ) : (
        <ol className="space-y-3" aria-label="Rollout timeline">
          {rollout.events.map((event) => (
            <li key={event.id} className="border-l-2 border-slate-200 pl-3">
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-sm font-medium text-slate-900">
                  {EVENT_LABELS[event.kind]}
                  {event.waveOrdinal ? ` · wave ${event.waveOrdinal}` : ''}
                </span>
                <Badge tone={STATE_LABELS[event.toState].tone}>{STATE_LABELS[event.toState].label}</Badge>
              </div>
              <span className="block text-xs text-slate-500">
                {formatDateTime(event.at)} · {actorOf(event.actorEmail)}
              </span>
              {event.reason ? <p className="mt-1 text-sm text-slate-700">{event.reason}</p> : null}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
