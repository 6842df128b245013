'use client';

import type { TChannelState } from '@keten/contracts';
import { Badge, Card, ConfirmButton } from '@keten/ui';
import Link from 'next/link';
import { Reach, StateRefusal, type TStateChannel, useChannelState } from './channel-state';
import { STATE_TONES } from './labels';
import { OnAir } from './source-summary';
import { DisableQuestion } from './state-action';
import type { TChannelRow } from './types';

const MEANING: Record<TChannelState, string> = {
  LIVE: 'On the air: in the lineup of every box entitled to it through its packages.',
  DRAFT: 'A draft: no box has it until you publish it.',
  DISABLED:
    'Disabled: off every box. Re-enable puts it straight back on the air; restore it as a draft to change it first and publish it later.',
};

const DONE: Record<TChannelState, string> = {
  LIVE: 'is on the air: boxes get it at their next lineup refresh.',
  DRAFT: 'is a draft: it stays off every box until you publish it.',
  DISABLED: 'is disabled: boxes drop it at their next lineup refresh.',
};

/** A channel's state, what it means for boxes, and the confirmed ways to change it. */
export function StateCard({
  channel,
  canEdit,
}: {
  channel: TStateChannel & Pick<TChannelRow, 'onAir'>;
  canEdit: boolean;
}) {
  const control = useChannelState(channel);
  const publish = (label: string, target: TChannelState = 'LIVE') => (
    <ConfirmButton
      label={label}
      tone="primary"
      align="start"
      busy={control.busy}
      question={
        <>
          {label === 'Publish' ? `Publish ${channel.name}?` : `Put ${channel.name} back on the air?`}
          <Reach id={channel.id} losing={false} />
        </>
      }
      onConfirm={() => control.change(target)}
    />
  );
  return (
    <Card
      title="State and feed"
      description="What boxes see of this channel, and its feed (from the ingest worker)."
    >
      <div className="space-y-3 text-sm">
        <div className="flex items-center justify-between gap-3">
          <Badge tone={STATE_TONES[channel.state]}>{channel.state.toLowerCase()}</Badge>
          <OnAir channel={channel} />
        </div>
        <p className="text-slate-600">{MEANING[channel.state]}</p>
        {control.done ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-emerald-800">
            {channel.name} {DONE[control.done]}
          </p>
        ) : null}
        {canEdit ? (
          <div className="flex flex-wrap items-start gap-2">
            {channel.state === 'DRAFT' ? publish('Publish') : null}
            {channel.state === 'DISABLED' ? (
              <>
                {publish('Re-enable')}
                <ConfirmButton
                  label="Restore as draft"
                  tone="primary"
                  align="start"
                  busy={control.busy}
                  question={`Restore ${channel.name} as a draft? It stays off every box until you publish it.`}
                  onConfirm={() => control.change('DRAFT')}
                />
              </>
            ) : (
              <ConfirmButton
                label="Disable"
                align="start"
                busy={control.busy}
                question={<DisableQuestion channel={channel} />}
                onConfirm={() => control.change('DISABLED')}
              />
            )}
          </div>
        ) : null}
        <StateRefusal control={control} />
        <Link href={`/channels/${channel.id}/health`} className="inline-block text-sky-800 hover:underline">
          Feed health, live ingest and QC →
        </Link>
      </div>
    </Card>
  );
}
