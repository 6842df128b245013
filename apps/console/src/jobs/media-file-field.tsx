'use client';

import { Button, SelectField } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';

const SIZE = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** "812 KB", "1.4 GB": sizes as a file manager shows them. */
export function formatSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${SIZE.format(value)} ${units[unit]}`;
}

/** A media length as editors write it: "0:42", "12:05", "1:32:05". */
export function formatLength(seconds: number): string {
  const whole = Math.round(seconds);
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

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
