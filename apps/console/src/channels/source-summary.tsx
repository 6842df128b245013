'use client';

import { Badge, Button } from '@keten/ui';
import { useId, useState } from 'react';
import { HEALTH_TONES, PROTOCOL_SHORT, sourceRole } from './labels';
import type { TChannelRow } from './types';

// About what the cell's truncated URL shows at 12 px monospace; longer ones get "Full URLs".
const SHOWN_CHARS = 26;

/** Copies one URL; says so for a moment (a screen reader hears it through the live status). */
function CopyUrl({ url, role }: { url: string; role: string }) {
  const [copied, setCopied] = useState<boolean>();
  return (
    <span className="inline-flex items-center gap-1.5">
      <Button
        size="sm"
        variant="ghost"
        aria-label={`Copy ${role} URL`}
        onClick={() =>
          void navigator.clipboard.writeText(url).then(
            () => setCopied(true),
            () => setCopied(false),
          )
        }
      >
        Copy
      </Button>
      <span role="status" className="text-slate-500">
        {copied === true ? 'Copied' : copied === false ? 'Select the URL to copy it' : ''}
      </span>
    </span>
  );
}

/**
 * Each source on one line: its role, protocol and URL (cut to fit, whole on hover); disabled ones struck
 * through. "Full URLs" opens every URL whole, wrapped inside the column, each with a copy button.
 */
export function SourceSummary({
  sources,
  channelName,
}: {
  sources: TChannelRow['sources'];
  channelName: string;
}) {
  const [full, setFull] = useState(false);
  const listId = useId();
  if (sources.length === 0) return <span className="text-xs text-slate-500">No sources</span>;
  const cut = sources.some((source) => source.url.length > SHOWN_CHARS);
  return (
    <div>
      <ul id={listId} className="space-y-0.5">
        {sources.map((source, position) => (
          <li
            key={source.id}
            className={`text-xs ${full ? 'py-0.5' : 'flex items-center gap-1.5 whitespace-nowrap'}`}
          >
            <span className="inline-flex items-center gap-1.5">
              <span className="w-14 shrink-0 text-slate-500">{sourceRole(position)}</span>
              <Badge>{PROTOCOL_SHORT[source.protocol]}</Badge>
            </span>
            <span
              title={source.url}
              className={`font-mono ${full ? 'block max-w-72 [overflow-wrap:anywhere]' : 'max-w-44 truncate'} ${source.enabled ? 'text-slate-700' : 'text-slate-500 line-through'}`}
            >
              {source.url}
            </span>
            {full ? <CopyUrl url={source.url} role={sourceRole(position)} /> : null}
          </li>
        ))}
      </ul>
      {cut ? (
        <button
          type="button"
          aria-expanded={full}
          aria-controls={listId}
          aria-label={`${full ? 'Hide full URLs' : 'Full URLs'} of ${channelName}`}
          onClick={() => setFull(!full)}
          className="mt-0.5 text-xs text-sky-800 hover:underline"
        >
          {full ? 'Hide full URLs' : 'Full URLs'}
        </button>
      ) : null}
    </div>
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
