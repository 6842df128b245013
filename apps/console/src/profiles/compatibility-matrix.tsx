'use client';

import { rungIncompatibility } from '@keten/contracts';
import { Badge, Card, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { formatCount } from '../format';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TCompatibilityMatrix } from './types';

type TPackage = TCompatibilityMatrix['packages'][number];
type TBox = TCompatibilityMatrix['boxModels'][number];

const rungLabel = (r: TPackage['profiles'][number]['rungs'][number]) =>
  `${r.width}×${r.height}@${r.fps} ${r.codec === 'HEVC' ? 'HEVC' : 'H.264'} ${r.profile}@${r.level}`;

function channelList(channels: { lcn: number; name: string }[]) {
  const shown = channels.slice(0, 4).map((c) => `${c.lcn} ${c.name}`);
  return channels.length > 4 ? `${shown.join(', ')} +${channels.length - 4} more` : shown.join(', ');
}

function PackageMatrix({ pkg, boxes }: { pkg: TPackage; boxes: Map<string, TBox> }) {
  const flagged = pkg.profiles.flatMap((p) => p.cells.filter((c) => c.playable.length === 0)).length;
  return (
    <Card
      title={`${pkg.name} (${pkg.kind === 'BASE' ? 'base' : 'add-on'})`}
      description={`${pkg.profiles.reduce((n, p) => n + p.channels.length, 0)} channels on ${pkg.profiles.length} ladders · ${pkg.entitled.length} box models entitled`}
      actions={
        flagged > 0 ? (
          <Badge tone="danger">{flagged} without a playable rung</Badge>
        ) : (
          <Badge tone="success">every box can play</Badge>
        )
      }
      flush
    >
      {pkg.entitled.length === 0 ? (
        <p className="px-4 py-3 text-sm text-slate-500">No active subscriber has a box on this package.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" aria-label={`Compatibility for ${pkg.name}`}>
            <thead className="bg-slate-50 text-left text-xs text-slate-500">
              <tr>
                <th className="px-4 py-2 font-medium">Ladder and channels</th>
                {pkg.entitled.map((e) => (
                  <th key={e.boxModelId} className="px-3 py-2 font-medium">
                    <span className="block text-slate-800">
                      {boxes.get(e.boxModelId)?.vendor} {boxes.get(e.boxModelId)?.name}
                    </span>
                    {formatCount(e.subscribers)} subscribers · {formatCount(e.devices)} boxes
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {pkg.profiles.map((p) => (
                <tr key={p.versionId} className="border-t border-slate-100 align-top">
                  <td className="px-4 py-2">
                    <span className="font-medium">
                      {p.profile.name} v{p.version}
                    </span>
                    <span className="block text-xs text-slate-500">{channelList(p.channels)}</span>
                    <span className="block text-xs text-slate-500">{p.rungs.map(rungLabel).join(' · ')}</span>
                  </td>
                  {p.cells.map((cell) => {
                    const box = boxes.get(cell.boxModelId);
                    const blocked = box
                      ? p.rungs
                          .filter((r) => !cell.playable.includes(r.ordinal))
                          .map((r) => `${r.height}p: ${rungIncompatibility(r, box)}`)
                      : [];
                    return (
                      <td
                        key={cell.boxModelId}
                        className={cell.playable.length === 0 ? 'bg-rose-50 px-3 py-2' : 'px-3 py-2'}
                        title={blocked.join('\n')}
                      >
                        {cell.playable.length === 0 ? (
                          <Badge tone="danger">No playable rung</Badge>
                        ) : (
                          <Badge tone={cell.playable.length === p.rungs.length ? 'success' : 'warning'}>
                            {cell.playable.length}/{p.rungs.length} rungs
                          </Badge>
                        )}
                        {blocked.length > 0 && cell.playable.length > 0 ? (
                          <span className="mt-0.5 block text-xs text-slate-500">
                            up to {p.rungs.find((r) => r.ordinal === cell.playable[0])?.height}p
                          </span>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pkg.unpinned.length > 0 ? (
        <p className="border-t border-slate-100 px-4 py-2 text-xs text-amber-800">
          No ladder pinned: {channelList(pkg.unpinned)}
        </p>
      ) : null}
    </Card>
  );
}

/** Package → channels → pinned ladder rungs against every box model entitled to the package. */
export function CompatibilityMatrix() {
  const trpc = useTRPC();
  const matrix = useQuery(trpc.profiles.compatibility.queryOptions());
  if (matrix.isPending) return <LoadingState variant="table" rows={6} label="Computing compatibility…" />;
  if (matrix.isError) {
    return (
      <ErrorState
        title="The matrix could not be computed"
        message={describeQueryError(matrix.error)}
        onRetry={() => void matrix.refetch()}
        retrying={matrix.isFetching}
      />
    );
  }
  if (matrix.data.packages.length === 0)
    return (
      <EmptyState title="No packages yet" description="The matrix appears once packages carry channels." />
    );
  const boxes = new Map(matrix.data.boxModels.map((b) => [b.id, b]));
  return (
    <div className="flex flex-col gap-5">
      {matrix.data.packages.map((pkg) => (
        <PackageMatrix key={pkg.id} pkg={pkg} boxes={boxes} />
      ))}
    </div>
  );
}
