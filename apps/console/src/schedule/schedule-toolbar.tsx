'use client';

import { amsterdamDate } from '@keten/contracts';
import { Button, cn, DateField, SelectField, TextField } from '@keten/ui';
import { useState } from 'react';
import { channelOptions, packageOptions } from './grid-filter';
import { shiftDate } from './local-time';
import type { TScheduleChannel } from './types';

export const SCHEDULE_VIEWS = ['day', 'week', 'list'] as const;
export type TScheduleView = (typeof SCHEDULE_VIEWS)[number];
const VIEW_LABELS: Record<TScheduleView, string> = { day: 'Day', week: 'Week', list: 'List' };

interface Props {
  view: TScheduleView;
  date: string;
  channels: TScheduleChannel[];
  channelId: string;
  q: string;
  packageCode: string;
  canEdit: boolean;
  /** One URL parameter at a time (view, date, q, package, channel); empty removes it. */
  onChange: (key: string, value: string) => void;
  onAdd: () => void;
}

/** View, date (previous / today / next) and which channels: everything here lives in the URL. */
export function ScheduleToolbar({
  view,
  date,
  channels,
  channelId,
  q,
  packageCode,
  canEdit,
  onChange,
  onAdd,
}: Props) {
  const step = view === 'week' ? 7 : 1;
  const unit = view === 'week' ? 'week' : 'day';
  return (
    <search
      aria-label="View, date and channels"
      className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3"
    >
      <fieldset className="flex flex-col gap-1">
        <legend className="mb-1 text-xs font-medium text-slate-700">View</legend>
        <div className="flex rounded-md border border-slate-300">
          {SCHEDULE_VIEWS.map((v) => (
            <button
              key={v}
              type="button"
              aria-pressed={v === view}
              onClick={() => onChange('view', v)}
              className={cn(
                'h-9 px-3 text-sm first:rounded-l-md last:rounded-r-md',
                v === view ? 'bg-sky-700 text-white' : 'bg-white text-slate-700 hover:bg-slate-50',
              )}
            >
              {VIEW_LABELS[v]}
            </button>
          ))}
        </div>
      </fieldset>
      <div className="flex items-end gap-1">
        <Button
          variant="secondary"
          onClick={() => onChange('date', shiftDate(date, -step))}
          aria-label={`Previous ${unit}`}
        >
          ←
        </Button>
        <div className="w-48">
          <DateField label="Date" value={date} onValueChange={(value) => value && onChange('date', value)} />
        </div>
        <Button
          variant="secondary"
          onClick={() => onChange('date', shiftDate(date, step))}
          aria-label={`Next ${unit}`}
        >
          →
        </Button>
        <Button variant="secondary" onClick={() => onChange('date', amsterdamDate(new Date()))}>
          Today
        </Button>
      </div>
      {view === 'day' ? (
        <>
          <ChannelSearch q={q} onSearch={(next) => onChange('q', next)} />
          <div className="w-48">
            <SelectField
              label="Package"
              options={packageOptions(channels)}
              placeholder="All packages"
              value={packageCode}
              onChange={(e) => onChange('package', e.currentTarget.value)}
            />
          </div>
        </>
      ) : (
        <div className="w-64">
          <SelectField
            label="Channel"
            options={channelOptions(channels)}
            value={channelId}
            onChange={(e) => onChange('channel', e.currentTarget.value)}
          />
        </div>
      )}
      {canEdit ? (
        <Button className="ml-auto" onClick={onAdd}>
          New programme
        </Button>
      ) : null}
    </search>
  );
}

/** Typed text stays local (the URL follows each keystroke; a lagging URL must not eat characters). */
function ChannelSearch({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const [text, setText] = useState(q);
  return (
    <div className="w-52">
      <TextField
        label="Find channel"
        type="search"
        placeholder="Name or number"
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          onSearch(e.currentTarget.value);
        }}
      />
    </div>
  );
}
