import { Badge } from '@keten/ui';
import { HEALTH_TONES, PROTOCOL_SHORT, sourceRole } from './labels';
import type { TChannelRow } from './types';

/** Each source on one line: its role, protocol and URL; disabled ones struck through. */
export function SourceSummary({ sources }: { sources: TChannelRow['sources'] }) {
  if (sources.length === 0) return <span className="text-xs text-slate-500">No sources</span>;
  return (
    <ul className="space-y-0.5">
      {sources.map((source, position) => (
        <li key={source.id} className="flex items-center gap-1.5 text-xs whitespace-nowrap">
          <span className="w-14 shrink-0 text-slate-500">{sourceRole(position)}</span>
          <Badge>{PROTOCOL_SHORT[source.protocol]}</Badge>
          <span
            title={source.url}
            className={`max-w-44 truncate font-mono ${source.enabled ? 'text-slate-700' : 'text-slate-500 line-through'}`}
          >
            {source.url}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The source the encoder uses now and its health; "unknown" until the worker reports. */
export function OnAir({ channel }: { channel: Pick<TChannelRow, 'onAir'> }) {
  if (!channel.onAir) return <Badge tone="neutral">unknown</Badge>;
  return (
    // The health badge may wrap under the source in a narrow table instead of widening it.
    <span className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5 text-xs">
      <span className="whitespace-nowrap">
        {sourceRole(channel.onAir.position)} · {PROTOCOL_SHORT[channel.onAir.protocol]}
      </span>
      <Badge tone={HEALTH_TONES[channel.onAir.health]}>{channel.onAir.health.toLowerCase()}</Badge>
    </span>
  );
}
