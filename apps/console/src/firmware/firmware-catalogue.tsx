'use client';

import { Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { formatCount, formatDate } from '../format';
import { formatSize } from '../jobs/media-format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { NotesCell } from './notes-cell';
import type { TFirmwareModel, TFirmwareVersion } from './types';

/** Every box model's firmware: the image boxes download, its digest and size, the notes, and who runs it. */
export function FirmwareCatalogue({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const models = useQuery(trpc.firmware.list.queryOptions());
  if (models.isPending) return <LoadingState variant="table" rows={5} label="Loading firmware…" />;
  if (models.isError) {
    return (
      <ErrorState
        title="Firmware could not be loaded"
        message={describeQueryError(models.error)}
        onRetry={() => void models.refetch()}
        retrying={models.isFetching}
      />
    );
  }
  if (models.data.length === 0) {
    return (
      <EmptyState
        title="No box models yet"
        description="Firmware belongs to a box model; box models arrive with the fleet's import."
      />
    );
  }
  return (
    <div className="flex flex-col gap-5">
      {models.data.map((model) => (
        <ModelFirmware key={model.id} model={model} canEdit={canEdit} />
      ))}
    </div>
  );
}

function ModelFirmware({ model, canEdit }: { model: TFirmwareModel; canEdit: boolean }) {
  const share = (count: number) => (model.deviceCount > 0 ? count / model.deviceCount : 0);
  const description = [
    `${model.code}`,
    `${formatCount(model.deviceCount)} boxes`,
    model.devicesWithoutFirmware > 0
      ? `${formatCount(model.devicesWithoutFirmware)} not yet reporting a firmware`
      : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Card title={`${model.vendor} ${model.name}`} description={description} flush>
      <DataTable<TFirmwareVersion>
        caption={`Firmware of ${model.vendor} ${model.name}`}
        rows={model.versions}
        rowKey={(row) => row.id}
        empty={
          <EmptyState
            title="No firmware for this model yet"
            description={canEdit ? 'Add its first version with the form.' : undefined}
          />
        }
        columns={[
          {
            key: 'version',
            header: 'Version',
            cell: (row) => (
              <div>
                <span className="font-mono font-medium">{row.version}</span>
                <span className="block whitespace-nowrap text-xs text-slate-500">
                  released {formatDate(row.releasedAt)}
                </span>
              </div>
            ),
          },
          {
            key: 'image',
            header: 'Image',
            cell: (row) =>
              row.imageUrl ? (
                <div className="max-w-60">
                  <a
                    href={row.imageUrl}
                    className="block truncate font-mono text-xs text-sky-800 hover:underline"
                    title={row.imageUrl}
                    rel="noreferrer"
                  >
                    {row.imageUrl}
                  </a>
                  <span className="block font-mono text-xs text-slate-500" title={row.sha256 ?? undefined}>
                    SHA-256 {row.sha256 ? `${row.sha256.slice(0, 12)}…${row.sha256.slice(-6)}` : '—'}
                  </span>
                </div>
              ) : (
                <span className="text-xs text-slate-500">no image recorded</span>
              ),
          },
          {
            key: 'size',
            header: 'Size',
            align: 'right',
            cell: (row) =>
              row.sizeBytes === null ? (
                '—'
              ) : (
                <span className="whitespace-nowrap" title={`${formatCount(row.sizeBytes)} bytes`}>
                  {formatSize(row.sizeBytes)}
                </span>
              ),
          },
          {
            key: 'devices',
            header: 'Boxes on it',
            align: 'right',
            cell: (row) => (
              <span className="inline-flex flex-col items-end">
                <span className="font-medium">{formatCount(row.deviceCount)}</span>
                <span className="whitespace-nowrap text-xs text-slate-500">
                  {Math.round(share(row.deviceCount) * 100)} % of the model
                </span>
              </span>
            ),
          },
          {
            key: 'notes',
            header: 'Notes',
            cell: (row) => <NotesCell firmware={row} canEdit={canEdit} />,
          },
        ]}
      />
    </Card>
  );
}
