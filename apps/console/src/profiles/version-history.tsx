'use client';

import { Badge, Button, Card } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime } from '../format';
import { useTRPC } from '../trpc/react';
import { CompatibilityRefusal } from './compatibility-refusal';
import { saveErrorsOf } from './server-errors';
import { rungSummary, type TProfileDetail } from './types';
import { diffVersions } from './version-diff';

/** Every version of a profile, newest first, with a diff against the current one and rollback. */
export function VersionHistory({ profile, canEdit }: { profile: TProfileDetail; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [compare, setCompare] = useState<number>();
  const [pinned, setPinned] = useState<string>();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.profiles.pathKey() });
  const rollback = useMutation(trpc.profiles.rollback.mutationOptions({ onSuccess: invalidate }));
  const pin = useMutation(
    trpc.profiles.pinChannels.mutationOptions({
      onSuccess: async (result) => {
        setPinned(`${result.moved} channels now pin v${result.version}.`);
        await invalidate();
      },
    }),
  );
  const current = profile.versions[0]!;
  const compared = profile.versions.find((v) => v.version === compare);
  const pinnedTotal = profile.versions.reduce((sum, v) => sum + v._count.channels, 0);
  const rollbackErrors = rollback.error ? saveErrorsOf(rollback.error) : undefined;
  const pinErrors = pin.error ? saveErrorsOf(pin.error) : undefined;
  // Both actions can be refused for the same reason; the confirm repeats the refused call.
  const refusal =
    rollbackErrors?.refusal && rollback.variables
      ? {
          impact: rollbackErrors.refusal,
          busy: rollback.isPending,
          confirm: () => rollback.mutate({ ...rollback.variables, confirmIncompatible: true }),
        }
      : pinErrors?.refusal && pin.variables
        ? {
            impact: pinErrors.refusal,
            busy: pin.isPending,
            confirm: () => pin.mutate({ ...pin.variables, confirmIncompatible: true }),
          }
        : undefined;
  const formErrors = [...(rollbackErrors?.form ?? []), ...(pinErrors?.form ?? [])];
  const run = (action: 'rollback' | 'pin', toVersion: number) => {
    setPinned(undefined);
    rollback.reset();
    pin.reset();
    (action === 'rollback' ? rollback : pin).mutate({ profileId: profile.id, toVersion });
  };

  return (
    <Card
      title="Version history"
      description="Versions never change; a rollback adds a new version copying an earlier one. Channels move to a version only when you pin them."
      flush
    >
      {refusal ? (
        <div className="p-3">
          <CompatibilityRefusal impact={refusal.impact} busy={refusal.busy} onConfirm={refusal.confirm} />
        </div>
      ) : formErrors.length ? (
        <p role="alert" className="bg-rose-50 px-4 py-2 text-sm text-rose-800">
          {formErrors.join(' ')}
        </p>
      ) : null}
      {pinned ? (
        <p role="status" className="bg-emerald-50 px-4 py-2 text-sm text-emerald-800">
          {pinned}
        </p>
      ) : null}
      <ol className="divide-y divide-slate-100">
        {profile.versions.map((version) => (
          <li key={version.id} className="px-4 py-2.5 text-sm">
            <div className="flex flex-wrap items-center gap-2">
              <span className="font-semibold">v{version.version}</span>
              {version.id === current.id ? <Badge tone="info">current</Badge> : null}
              {version._count.channels > 0 ? <Badge>{version._count.channels} channels pinned</Badge> : null}
              <span className="text-xs text-slate-500">
                {formatDateTime(version.createdAt)}
                {version.createdBy ? ` · ${version.createdBy.name}` : ''}
              </span>
              <span className="ml-auto flex gap-1.5">
                {version.id !== current.id ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setCompare(compare === version.version ? undefined : version.version)}
                  >
                    {compare === version.version ? 'Hide diff' : 'Diff with current'}
                  </Button>
                ) : null}
                {canEdit && version._count.channels < pinnedTotal ? (
                  <Button
                    size="sm"
                    variant="secondary"
                    busy={pin.isPending && pin.variables?.toVersion === version.version}
                    onClick={() => run('pin', version.version)}
                  >
                    Pin all channels to v{version.version}
                  </Button>
                ) : null}
                {canEdit && version.id !== current.id ? (
                  <Button
                    size="sm"
                    variant="secondary"
                    busy={rollback.isPending && rollback.variables?.toVersion === version.version}
                    onClick={() => run('rollback', version.version)}
                  >
                    Roll back to v{version.version}
                  </Button>
                ) : null}
              </span>
            </div>
            <p className="mt-0.5 text-xs text-slate-600">
              {version.note ?? 'No note.'}{' '}
              <span className="text-slate-500">{rungSummary(version.rungs)}</span>
            </p>
            {compared?.id === version.id ? (
              <table
                className="mt-2 w-full text-xs"
                aria-label={`Changes from v${version.version} to v${current.version}`}
              >
                <thead className="text-left text-slate-500">
                  <tr>
                    <th className="py-1">Field</th>
                    <th>v{version.version}</th>
                    <th>v{current.version}</th>
                  </tr>
                </thead>
                <tbody>
                  {diffVersions(version, current).length === 0 ? (
                    <tr>
                      <td colSpan={3} className="py-1 text-slate-500">
                        Same ladder as the current version.
                      </td>
                    </tr>
                  ) : null}
                  {diffVersions(version, current).map((change) => (
                    <tr key={change.field} className="border-t border-slate-100">
                      <td className="py-1 font-mono">{change.field}</td>
                      <td className="text-rose-700">{change.from}</td>
                      <td className="text-emerald-700">{change.to}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </li>
        ))}
      </ol>
    </Card>
  );
}
