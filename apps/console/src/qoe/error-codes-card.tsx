'use client';

import type { TQoeFilters } from '@keten/contracts';
import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatCount } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { formatPercent } from './qoe-format';
import { Sparkline } from './sparkline';
import type { TQoeErrorCodeRow } from './types';

/** The error codes boxes reported in view, most frequent first, with their layer and how many were fatal. */
export function ErrorCodesCard({
  range,
  filters,
}: {
  range: { from: Date; to: Date };
  filters: TQoeFilters;
}) {
  const trpc = useTRPC();
  const codes = useQuery({
    ...trpc.qoe.errorCodes.queryOptions({ ...range, filters }),
    placeholderData: keepPreviousData,
  });
  const body = codes.isPending ? (
    <LoadingState variant="table" rows={4} label="Loading error codes…" />
  ) : codes.isError ? (
    <ErrorState
      title="Error codes could not be read"
      message={describeQueryError(codes.error)}
      onRetry={() => void codes.refetch()}
      retrying={codes.isFetching}
    />
  ) : (
    <DataTable<TQoeErrorCodeRow>
      caption="Error codes"
      rows={codes.data.codes}
      rowKey={(row) => `${row.layer}:${row.code}`}
      empty={
        <EmptyState
          title="No errors reported"
          description="No box reported an error in this range and view."
        />
      }
      columns={[
        { key: 'code', header: 'Code', cell: (row) => <span className="font-mono">{row.code}</span> },
        { key: 'layer', header: 'Layer', cell: (row) => <Badge>{row.layer}</Badge> },
        {
          key: 'errors',
          header: 'Errors',
          align: 'right',
          className: 'whitespace-nowrap',
          cell: (row) => formatCount(row.errors),
        },
        {
          key: 'share',
          header: 'Share',
          align: 'right',
          className: 'whitespace-nowrap',
          cell: (row) => formatPercent(row.share),
        },
        {
          key: 'fatal',
          header: 'Fatal',
          align: 'right',
          className: 'whitespace-nowrap',
          cell: (row) => formatCount(row.fatal),
        },
        {
          key: 'vsf',
          header: 'At start',
          align: 'right',
          className: 'whitespace-nowrap',
          cell: (row) => formatCount(row.startFailures),
        },
        {
          key: 'boxes',
          header: 'Boxes',
          align: 'right',
          className: 'whitespace-nowrap',
          cell: (row) => formatCount(row.devices),
        },
        {
          key: 'trend',
          header: 'Trend',
          cell: (row) => (
            <Sparkline points={row.sparkline} label={`${row.code} over the range`} color="#be123c" />
          ),
        },
      ]}
    />
  );
  return (
    <Card
      title="Error codes"
      description={codes.data ? `${formatCount(codes.data.errors)} errors in view` : 'Errors in view'}
      flush
    >
      {body}
    </Card>
  );
}
