'use client';

import { Card, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { FilterChips } from '../feeds/feed-filters';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { BoxChannels } from './box-channels';
import type { TBoxEntitlements } from './types';

const boxLabel = (box: TBoxEntitlements) => `${box.serial} · ${box.boxModel.vendor} ${box.boxModel.name}`;

/** Per box of the household, the channels its lineup holds and why each other one is withheld (the box's own rule). */
export function EntitlementsCard({ subscriberId }: { subscriberId: string }) {
  const trpc = useTRPC();
  const entitlements = useQuery(trpc.subscribers.entitlements.queryOptions({ id: subscriberId }));
  const [selected, setSelected] = useState<string>();
  if (entitlements.isPending) {
    return (
      <Card title="Entitlements" flush>
        <LoadingState variant="table" rows={4} label="Loading entitlements…" />
      </Card>
    );
  }
  if (entitlements.isError) {
    return (
      <Card title="Entitlements">
        <ErrorState
          title="Entitlements could not be loaded"
          message={describeQueryError(entitlements.error)}
          onRetry={() => void entitlements.refetch()}
          retrying={entitlements.isFetching}
        />
      </Card>
    );
  }
  const { status, boxes } = entitlements.data;
  const box = boxes.find((b) => b.deviceId === selected) ?? boxes[0];
  const blocked = status === 'ACTIVE' ? '' : `Account is ${status.toLowerCase()}: every box is blocked. `;
  return (
    <Card
      title="Entitlements"
      description={`${blocked}Per box: what its lineup holds, and why the other channels are not on it.`}
      flush
    >
      {box ? (
        <>
          {boxes.length > 1 ? (
            <div className="border-b border-slate-100 px-4 py-3">
              <FilterChips
                chips={boxes.map((b) => ({
                  label: boxLabel(b),
                  pressed: b.deviceId === box.deviceId,
                  onToggle: () => setSelected(b.deviceId),
                }))}
              />
            </div>
          ) : (
            <p className="border-b border-slate-100 px-4 pt-3 text-xs text-slate-500">{boxLabel(box)}</p>
          )}
          {box.tokenState === 'ACTIVE' ? null : (
            <p className="px-4 pt-3 text-xs text-amber-800">
              This box has no valid token ({box.tokenState.toLowerCase()}): it gets nothing until it is
              activated; below is what it will get then.
            </p>
          )}
          <BoxChannels key={box.deviceId} box={box} />
        </>
      ) : (
        <div className="p-4">
          <EmptyState
            title="No boxes"
            description="This household has no box, so no channel reaches it. Assign one to see its lineup."
          />
        </div>
      )}
    </Card>
  );
}
