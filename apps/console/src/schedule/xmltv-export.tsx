'use client';

import { Button, Card, DateField, SelectField } from '@keten/ui';
import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formErrorsOf, type TFormErrors } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { shiftDate } from './local-time';
import type { TScheduleChannel } from './types';

interface Props {
  channels: TScheduleChannel[];
  channel: TScheduleChannel;
  date: string;
}

const DAY_OPTIONS = [1, 2, 3, 7, 14].map((n) => ({
  value: String(n),
  label: n === 1 ? '1 day' : `${n} days`,
}));

/** Downloads XMLTV for this channel or all channels, from a day for a number of days (Amsterdam midnights). */
export function XmltvExport({ channels, channel, date }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<TFormErrors>({ fields: {}, form: [] });
  const [done, setDone] = useState<string>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const from = String(form.get('from') ?? '');
    const days = Number(form.get('days') ?? 1);
    const channelIds = form.get('scope') === 'all' ? channels.map((c) => c.id) : [channel.id];
    setBusy(true);
    setDone(undefined);
    try {
      const input = { channelIds, from: `${from} 00:00`, to: `${shiftDate(from, days)} 00:00` };
      const result = await queryClient.fetchQuery(trpc.schedule.exportXmltv.queryOptions(input));
      const url = URL.createObjectURL(new Blob([result.xml], { type: 'application/xml' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: result.filename });
      link.click();
      URL.revokeObjectURL(url);
      setErrors({ fields: {}, form: [] });
      const empty = result.channelsWithoutProgrammes
        ? `; ${result.channelsWithoutProgrammes} channels with nothing in this window are left out`
        : '';
      setDone(`${result.filename}: ${result.programmes} programmes on ${result.channels} channels${empty}.`);
    } catch (error) {
      setErrors(formErrorsOf(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      title="Export XMLTV"
      description="Channel ids are the M3U’s tvg-id (like npo-1.keten.tv); times carry Amsterdam’s offset."
    >
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="Export XMLTV">
        {errors.form.map((message) => (
          <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {message}
          </p>
        ))}
        {done ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
            {done}
          </p>
        ) : null}
        <SelectField
          label="Channels"
          name="scope"
          options={[
            { value: 'one', label: channel.name },
            { value: 'all', label: `All ${channels.length} channels` },
          ]}
          error={errors.fields.channelIds}
        />
        <div className="grid grid-cols-2 gap-3">
          <DateField label="From" name="from" defaultValue={date} error={errors.fields.from} />
          <SelectField label="For" name="days" options={DAY_OPTIONS} error={errors.fields.to} />
        </div>
        <Button type="submit" size="sm" variant="secondary" busy={busy} className="self-start">
          Download XMLTV
        </Button>
      </form>
    </Card>
  );
}
