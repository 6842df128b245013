import { Badge } from '@keten/ui';
import { HEALTH_TONES, PROTOCOL_SHORT, sourceRole } from './labels';
import type { TChannelRow } from './types';

/** Each source on one line: its role, protocol and URL; disabled ones struck through. */
export function SourceSummary({ sources }: { sources: TChannelRow['sources'] }) {
  if (sources.length === 0) return <span className="text-xs text-slate-400">No sources</span>;
  return (
    <ul className="space-y-0.5">
      {sources.map((source, position) => (
        <li key={source.id} className="flex items-center gap-1.5 text-xs whitespace-nowrap">
          <span className="w-16 text-slate-500">{sourceRole(position)}</span>
          <Badge>{PROTOCOL_SHORT[source.protocol]}</Badge>
          <span
            title={source.url}
            className={`max-w-64 truncate font-mono ${source.enabled ? 'text-slate-700' : 'text-slate-400 line-through'}`}
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
    <span className="flex items-center gap-1.5 whitespace-nowrap text-xs">
      {sourceRole(channel.onAir.position)} · {PROTOCOL_SHORT[channel.onAir.protocol]}
      <Badge tone={HEALTH_TONES[channel.onAir.health]}>{channel.onAir.health.toLowerCase()}</Badge>
    </span>
  );
}
