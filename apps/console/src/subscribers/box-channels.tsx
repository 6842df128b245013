'use client';

import { Badge, DataTable, ScrollRegion } from '@keten/ui';
import { useState } from 'react';
import { FilterChips } from '../feeds/feed-filters';
import { formatDateTime } from '../format';
import { WITHHELD_REASONS } from './labels';
import type { TBoxEntitlements, TEntitlementRow, TWithheldReason } from './types';

type TShow = 'all' | 'gets' | TWithheldReason;
const REASONS = Object.keys(WITHHELD_REASONS) as TWithheldReason[];

function matches(row: TEntitlementRow, show: TShow, query: string): boolean {
  if (show === 'gets' && !row.gets) return false;
  if (show !== 'all' && show !== 'gets' && !row.withheld.some((w) => w.reason === show)) return false;
  const q = query.trim().toLowerCase();
  return q === '' || row.name.toLowerCase().includes(q) || String(row.lcn).startsWith(q);
}

function Verdict({ row }: { row: TEntitlementRow }) {
  if (row.gets) return <Badge tone="success">On box</Badge>;
  return (
    <span className="flex flex-wrap gap-1">
      {row.withheld.map((w) => (
        <Badge key={w.reason} tone={WITHHELD_REASONS[w.reason].tone}>
          {WITHHELD_REASONS[w.reason].label}
        </Badge>
      ))}
    </span>
  );
}

function Why({ row }: { row: TEntitlementRow }) {
  if (row.gets) {
    return (
      <span className="text-slate-600">
        {row.via
          .map((v) => `${v.packageName}${v.until ? ` until ${formatDateTime(v.until)}` : ''}`)
          .join(', ')}
      </span>
    );
  }
  return <span className="text-slate-600">{row.withheld.map((w) => w.detail).join('; ')}</span>;
}

/** One box's channels: counts, a filter by reason and by name or number, and the list with reasons as badges. */
export function BoxChannels({ box }: { box: TBoxEntitlements }) {
  const [show, setShow] = useState<TShow>('all');
  const [query, setQuery] = useState('');
  const onBox = box.channels.filter((c) => c.gets).length;
  const count = (reason: TWithheldReason) =>
    box.channels.filter((c) => c.withheld.some((w) => w.reason === reason)).length;
  const chip = (value: TShow, label: string, n: number) => ({
    label: `${label} ${n}`,
    pressed: show === value,
    onToggle: () => setShow(show === value ? 'all' : value),
  });
  const chips = [
    chip('gets', 'On box', onBox),
    ...REASONS.filter((r) => count(r) > 0).map((r) => chip(r, WITHHELD_REASONS[r].label, count(r))),
  ];
  const rows = box.channels.filter((row) => matches(row, show, query));
  return (
    <div>
      <div className="flex flex-col gap-2 border-b border-slate-100 px-4 py-3">
        <p className="text-sm text-slate-700">
          <strong>{onBox}</strong> of {box.channels.length} channels on this box ·{' '}
          {box.channels.length - onBox} withheld
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <input
            type="search"
            aria-label="Filter channels by name or number"
            placeholder="Filter by name or number"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            className="h-8 w-56 rounded-md border border-slate-300 bg-white px-2.5 text-sm focus:outline-2 focus:outline-sky-600"
          />
          <FilterChips chips={chips} />
        </div>
      </div>
      <ScrollRegion label={`Channels of box ${box.serial}`} className="max-h-96 overflow-y-auto">
        <DataTable<TEntitlementRow>
          caption={`Channels of box ${box.serial}`}
          rows={rows}
          rowKey={(row) => row.channelId}
          empty={<p className="text-center text-sm text-slate-500">No channel matches this filter.</p>}
          columns={[
            { key: 'lcn', header: 'No.', align: 'right', cell: (row) => row.lcn },
            { key: 'name', header: 'Channel', cell: (row) => row.name },
            { key: 'verdict', header: 'On this box', cell: (row) => <Verdict row={row} /> },
            { key: 'why', header: 'From package / why not', cell: (row) => <Why row={row} /> },
          ]}
        />
      </ScrollRegion>
    </div>
  );
}
