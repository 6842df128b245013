'use client';

import type { TRailEvaluation, TRailItem } from '@keten/flags';
import { Badge, Button, Card, TextField } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { describeQueryError } from '../../trpc/errors';
import { useTRPC } from '../../trpc/react';
import type { TCohortRow, TRailChannelOption } from '../types';

const DROPPED: Record<string, string> = {
  NOT_WATCHABLE: 'the box may not watch this channel',
  TARGET_NOT_WATCHABLE: 'the box may not watch the channel it opens',
  NOT_YET: 'not live yet',
  ENDED: 'ended',
};

function why(rail: TRailEvaluation, cohortName: (id: string) => string): string {
  if (rail.reason === 'KILLED') return 'The rail is switched off for every box.';
  if (rail.reason === 'NO_DEFAULT') return 'No rule applies and the rail has no default: no rail.';
  if (rail.reason === 'DEFAULT') return `No rule applies, so it gets the default (${rail.variant}).`;
  const rule = rail.rule!;
  const who = rule.cohortId ? `it is in cohort ${cohortName(rule.cohortId)}` : 'the rule is for every box';
  return `Rule ${rule.index + 1} (${rule.id}) applies: ${who}, bucket ${rail.bucket} inside its share.`;
}

/** "What home screen does box X get": every saved rail evaluated for one box by the API, with why. */
export function RailPreview({
  channels,
  cohorts,
}: {
  channels: readonly TRailChannelOption[];
  cohorts: readonly TCohortRow[];
}) {
  const trpc = useTRPC();
  const [serial, setSerial] = useState('');
  const preview = useQuery({ ...trpc.rails.preview.queryOptions({ serial }), enabled: serial !== '' });
  const channelName = (id: string) => {
    const channel = channels.find((candidate) => candidate.id === id);
    return channel ? `${channel.lcn} ${channel.name}` : 'a deleted channel';
  };
  const cohortName = (id: string) => cohorts.find((cohort) => cohort.id === id)?.name ?? id;
  const itemName = (item: TRailItem) =>
    item.type === 'channel' ? channelName(item.channelId) : `Promotion “${item.title}”`;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSerial(String(new FormData(event.currentTarget).get('serial') ?? '').trim());
  }

  const data = preview.data;
  return (
    <Card
      title="Preview a box’s home screen"
      description="The saved rails as this box gets them from /v1/config now, and why."
    >
      <form onSubmit={onSubmit} aria-label="Preview a box’s home screen" className="flex items-end gap-2">
        <div className="flex-1">
          <TextField label="Box serial" name="serial" autoComplete="off" />
        </div>
        <Button type="submit" variant="secondary" busy={preview.isFetching}>
          Preview
        </Button>
      </form>
      <div aria-live="polite" className="mt-3 text-sm" data-testid="rail-preview">
        {preview.isError ? (
          <p role="alert" className="text-rose-700">
            {describeQueryError(preview.error)}
          </p>
        ) : null}
        {data && !data.found ? (
          <p role="status" className="text-slate-700">
            No box with serial <span className="font-mono">{data.serial}</span>. Check the serial on the box’s
            label or find it under Devices.
          </p>
        ) : null}
        {data?.found ? (
          <div className="space-y-3">
            <p className="text-xs text-slate-500">
              <span className="font-mono">{data.serial}</span> · {data.device.boxModel} · packages{' '}
              {data.device.packages.join(', ') || 'none'} · {data.watchable.length} channels it may watch
            </p>
            {data.rails.length === 0 ? (
              <p className="text-slate-600">No rails yet: the built-in home screen.</p>
            ) : null}
            <ol className="space-y-3">
              {data.rails.map((rail) => (
                <li
                  key={rail.key}
                  className="rounded-md border border-slate-200 p-3"
                  aria-label={`Rail ${rail.title}`}
                >
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{rail.title}</span>
                    {rail.variant && rail.items.length > 0 ? (
                      <Badge tone="success">shown · {rail.variant}</Badge>
                    ) : (
                      <Badge tone="neutral">not shown</Badge>
                    )}
                  </div>
                  <p className="mt-1 text-slate-700">{why(rail, cohortName)}</p>
                  {rail.items.length > 0 ? (
                    <ol className="mt-1 list-decimal pl-5">
                      {rail.items.map((item, index) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: the position is the item's identity here
                        <li key={index}>{itemName(item)}</li>
                      ))}
                    </ol>
                  ) : null}
                  {rail.dropped.length > 0 ? (
                    <ul className="mt-1 text-slate-500">
                      {rail.dropped.map((drop) => (
                        <li key={drop.index}>
                          Left out: {itemName(drop.item)} ({DROPPED[drop.why] ?? drop.why})
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
