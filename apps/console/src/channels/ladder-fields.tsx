'use client';

import { SelectField } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { rungSummary } from '../profiles/types';
import { useTRPC } from '../trpc/react';

/**
 * The channel's ladder: an encoding profile and one of its versions. Choosing a profile picks its current
 * version; an older one can be chosen on purpose. Only the version is saved (channels pin versions).
 */
export function LadderFields({
  profileId,
  versionId,
  error,
  onChange,
}: {
  profileId: string;
  versionId: string;
  error?: string;
  onChange: (profileId: string, versionId: string) => void;
}) {
  const trpc = useTRPC();
  const profiles = useQuery(trpc.profiles.list.queryOptions());
  const profile = useQuery({
    ...trpc.profiles.get.queryOptions({ id: profileId }),
    enabled: profileId !== '',
  });
  const list = profiles.data ?? [];
  const profileOptions = [
    {
      value: '',
      label: profiles.isPending ? 'Loading profiles…' : 'None yet (it cannot go live without one)',
    },
    ...list.map((p) => ({ value: p.id, label: `${p.name} (${p.code})` })),
  ];
  const versions = profile.data?.versions ?? [];
  const versionOptions = !profileId
    ? [{ value: '', label: 'Choose a profile first' }]
    : versions.length === 0
      ? [{ value: versionId, label: profile.isError ? 'Versions could not be loaded' : 'Loading versions…' }]
      : versions.map((v, index) => ({
          value: v.id,
          label: `v${v.version}${index === 0 ? ' (current)' : ''} · ${rungSummary(v.rungs)}`,
        }));
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <SelectField
        label="Encoding profile"
        value={profileId}
        options={profileOptions}
        error={profiles.isError ? 'Profiles could not be loaded; reload the page.' : undefined}
        onChange={(event) => {
          const id = event.currentTarget.value;
          onChange(id, list.find((p) => p.id === id)?.current?.id ?? '');
        }}
      />
      <SelectField
        label="Profile version"
        value={versionId}
        options={versionOptions}
        disabled={!profileId || versions.length === 0}
        error={error}
        hint="The ladder boxes get. It changes only when you choose another version here or pin channels on the profile's page."
        onChange={(event) => onChange(profileId, event.currentTarget.value)}
      />
    </div>
  );
}
