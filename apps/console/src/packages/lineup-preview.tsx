'use client';

import { Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { genreLabel } from '../channels/labels';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { KindBadge } from './packages-table';
import type { TLineupChannel } from './types';

/** Tick packages (e.g. a base and an add-on) and see the channels a subscriber with them gets, in LCN order. */
export function LineupPreview() {
  const trpc = useTRPC();
  const packages = useQuery(trpc.packages.list.queryOptions());
  const [chosen, setChosen] = useState<string[]>([]);
  const lineup = useQuery({
    ...trpc.packages.lineup.queryOptions({ packageIds: chosen }),
    enabled: chosen.length > 0,
    placeholderData: keepPreviousData,
  });
  const toggle = (id: string) =>
    setChosen((current) => (current.includes(id) ? current.filter((c) => c !== id) : [...current, id]));

  return (
    <Card title="Effective lineup" description="What a subscriber with the chosen packages sees." flush>
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1 border-b border-slate-100 px-4 py-3">
        <legend className="sr-only">Packages in the preview</legend>
        {(packages.data ?? []).map((pkg) => (
          <label key={pkg.id} className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" checked={chosen.includes(pkg.id)} onChange={() => toggle(pkg.id)} />
            {pkg.name} <KindBadge kind={pkg.kind} />
          </label>
        ))}
      </fieldset>
      {chosen.length === 0 ? (
        <div className="p-4">
          <EmptyState title="Choose packages" description="For example the base package and one add-on." />
        </div>
      ) : lineup.isPending ? (
        <LoadingState variant="table" rows={6} label="Building the lineup…" />
      ) : lineup.isError ? (
        <ErrorState title="The lineup could not be built" message={describeQueryError(lineup.error)} />
      ) : (
        <>
          <p className="px-4 py-2 text-xs text-slate-600">
            {lineup.data.channels.length} channels
            {lineup.data.hasBase ? '' : ' · no base package chosen: subscribers normally have one'}
          </p>
          <DataTable<TLineupChannel>
            caption="Effective lineup"
            rows={lineup.data.channels}
            rowKey={(row) => row.id}
            columns={[
              { key: 'lcn', header: 'LCN', align: 'right', cell: (row) => row.lcn },
              { key: 'name', header: 'Channel', cell: (row) => row.name },
              { key: 'genre', header: 'Genre', cell: (row) => genreLabel(row.genre) },
              {
                key: 'from',
                header: 'From',
                cell: (row) => <span className="text-xs">{row.from.map((p) => p.name).join(', ')}</span>,
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
