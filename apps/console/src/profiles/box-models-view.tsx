'use client';

import { Badge, Button, Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatCount } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { BoxModelForm } from './box-model-form';
import type { TBoxModelRow } from './types';

/** Every box model with its decoder and firmware versions; content managers edit one decoder at a time. */
export function BoxModelsView({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const models = useQuery(trpc.profiles.boxModels.list.queryOptions());
  const [editing, setEditing] = useState<string>();
  if (models.isPending) return <LoadingState variant="table" rows={4} label="Loading box models…" />;
  if (models.isError) {
    return (
      <ErrorState
        title="Box models could not be loaded"
        message={describeQueryError(models.error)}
        onRetry={() => void models.refetch()}
        retrying={models.isFetching}
      />
    );
  }
  if (models.data.length === 0) return <EmptyState title="No box models yet" />;
  const selected = models.data.find((m) => m.id === editing);
  return (
    <div className="flex flex-col gap-5">
      <Card title="Box models" description={`${models.data.length} models`} flush>
        <DataTable<TBoxModelRow>
          caption="Box models"
          rows={models.data}
          rowKey={(row) => row.id}
          selectedKey={editing}
          columns={[
            {
              key: 'model',
              header: 'Model',
              cell: (row) => (
                <div>
                  <span className="font-medium">
                    {row.vendor} {row.name}
                  </span>
                  <span className="block text-xs text-slate-500">{row.code}</span>
                </div>
              ),
            },
            {
              key: 'codecs',
              header: 'Codecs',
              cell: (row) => (
                <span className="flex gap-1">
                  {row.videoCodecs.map((c) => (
                    <Badge key={c}>{c === 'H264' ? 'H.264' : 'HEVC'}</Badge>
                  ))}
                </span>
              ),
            },
            {
              key: 'h264',
              header: 'H.264 up to',
              cell: (row) => `${row.maxH264Profile}@${row.maxH264Level}`,
            },
            {
              key: 'hevc',
              header: 'HEVC up to',
              cell: (row) => (row.maxHevcProfile ? `${row.maxHevcProfile}@${row.maxHevcLevel}` : '—'),
            },
            {
              key: 'res',
              header: 'Max picture',
              cell: (row) => `${row.maxWidth}×${row.maxHeight} @ ${row.maxFps} fps`,
            },
            { key: 'boxes', header: 'Boxes', align: 'right', cell: (row) => formatCount(row.deviceCount) },
            {
              key: 'firmware',
              header: 'Firmware (boxes)',
              cell: (row) =>
                row.firmwareVersions.length === 0 ? (
                  '—'
                ) : (
                  <ul className="text-xs">
                    {row.firmwareVersions.map((firmware) => (
                      <li key={firmware.id} title={firmware.notes ?? undefined}>
                        <span className="font-mono">{firmware.version}</span> (
                        {formatCount(firmware.deviceCount)})
                      </li>
                    ))}
                  </ul>
                ),
            },
            {
              key: 'edit',
              header: <span className="sr-only">Actions</span>,
              align: 'right',
              cell: (row) =>
                canEdit ? (
                  <Button size="sm" variant="secondary" onClick={() => setEditing(row.id)}>
                    Edit decoder
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {selected && canEdit ? <BoxModelForm key={selected.id} model={selected} /> : null}
    </div>
  );
}
