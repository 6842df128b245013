'use client';

import { Badge, Card, DataTable, EmptyState, ErrorState, LoadingState } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { NewProfileForm } from './new-profile-form';
import { ProfileEditor } from './profile-editor';
import type { TProfileRow } from './types';
import { VersionHistory } from './version-history';

const top = (row: TProfileRow) => row.current?.rungs[0];

/** Profile list on the left; the chosen profile's editor, ffmpeg arguments and history beside it (?profile= in the URL). */
export function ProfilesWorkspace({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const profiles = useQuery(trpc.profiles.list.queryOptions());
  const selectedId = params.get('profile') ?? profiles.data?.[0]?.id;
  const detail = useQuery({
    ...trpc.profiles.get.queryOptions({ id: selectedId ?? '' }),
    enabled: Boolean(selectedId),
  });

  if (profiles.isPending) return <LoadingState variant="table" rows={4} label="Loading profiles…" />;
  if (profiles.isError) {
    return (
      <ErrorState
        title="Profiles could not be loaded"
        message={describeQueryError(profiles.error)}
        onRetry={() => void profiles.refetch()}
        retrying={profiles.isFetching}
      />
    );
  }
  if (profiles.data.length === 0)
    return (
      <EmptyState title="No encoding profiles yet" description="Profiles appear here once one is created." />
    );

  return (
    <div className="flex flex-col gap-5">
      <Card title="Profiles" description={`${profiles.data.length} ladders`} flush>
        <DataTable<TProfileRow>
          caption="Encoding profiles"
          rows={profiles.data}
          rowKey={(row) => row.id}
          selectedKey={selectedId}
          columns={[
            {
              key: 'name',
              header: 'Profile',
              cell: (row) => (
                <button
                  type="button"
                  className="text-left"
                  onClick={() => router.replace(`${pathname}?profile=${row.id}`, { scroll: false })}
                >
                  <span className="font-medium text-sky-800 hover:underline">{row.name}</span>
                  <span className="block text-xs text-slate-500">{row.code}</span>
                </button>
              ),
            },
            {
              key: 'version',
              header: 'Current',
              cell: (row) => (row.current ? <Badge tone="info">v{row.current.version}</Badge> : '—'),
            },
            { key: 'rungs', header: 'Rungs', align: 'right', cell: (row) => row.current?.rungs.length ?? 0 },
            {
              key: 'top',
              header: 'Top rung',
              cell: (row) =>
                top(row)
                  ? `${top(row)?.width}×${top(row)?.height} ${top(row)?.codec === 'HEVC' ? 'HEVC' : 'H.264'} ${top(row)?.profile}@${top(row)?.level}`
                  : '—',
            },
            {
              key: 'segment',
              header: 'Segment',
              align: 'right',
              cell: (row) => (row.current ? `${row.current.segmentSeconds} s` : '—'),
            },
            { key: 'channels', header: 'Channels', align: 'right', cell: (row) => row.channelCount },
          ]}
        />
      </Card>
      {detail.isPending ? <LoadingState variant="table" rows={4} label="Loading ladder…" /> : null}
      {detail.isError ? (
        <ErrorState
          title="This profile could not be loaded"
          message={describeQueryError(detail.error)}
          onRetry={() => void detail.refetch()}
          retrying={detail.isFetching}
        />
      ) : null}
      {detail.data && detail.data.versions.length > 0 ? (
        <>
          {/* Keyed by profile: choosing another profile starts a fresh draft; a save resets it in place. */}
          <ProfileEditor key={detail.data.id} profile={detail.data} canEdit={canEdit} />
          <VersionHistory profile={detail.data} canEdit={canEdit} />
          {canEdit ? (
            <NewProfileForm
              from={detail.data}
              onCreated={(id) => router.replace(`${pathname}?profile=${id}`, { scroll: false })}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
