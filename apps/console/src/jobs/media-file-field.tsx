'use client';

import { Button, SelectField } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { formatLength, formatSize } from './media-format';

/** The source of a transcode, chosen from the files the API has in its media input folder. */
export function MediaFileField({ error }: { error?: string }) {
  const trpc = useTRPC();
  const files = useQuery(trpc.jobs.mediaInputs.queryOptions());
  const folder = files.data?.folder ?? 'incoming/';
  const list = files.data?.files ?? [];
  const options = files.isPending
    ? [{ value: '', label: 'Loading the files…' }]
    : list.length === 0
      ? [{ value: '', label: files.isError ? 'The files could not be listed' : `No files in ${folder} yet` }]
      : [
          { value: '', label: 'Choose a file' },
          ...list.map((file) => ({
            value: file.name,
            label: [
              file.name,
              formatSize(file.bytes),
              file.durationSeconds === null ? null : formatLength(file.durationSeconds),
            ]
              .filter(Boolean)
              .join(' · '),
          })),
        ];
  const hint = files.isError
    ? `The files could not be listed: ${describeQueryError(files.error)}`
    : list.length === 0 && !files.isPending
      ? `Copy a media file into the media root's ${folder} folder, then refresh the list.`
      : `Files in the media root's ${folder} folder${files.data?.truncated ? ' (the first 500)' : ''}.`;
  return (
    <div className="flex flex-col gap-1">
      <SelectField
        label="Source file"
        name="inputFile"
        options={options}
        disabled={list.length === 0}
        hint={hint}
        error={error}
      />
      <Button
        size="sm"
        variant="ghost"
        className="self-start"
        busy={files.isFetching}
        onClick={() => void files.refetch()}
      >
        Refresh the file list
      </Button>
    </div>
  );
}
