'use client';

import { Button } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TFirmwareVersion } from './types';

/** A version's release notes; product managers edit them in place (the image itself never changes). */
export function NotesCell({ firmware, canEdit }: { firmware: TFirmwareVersion; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [draft, setDraft] = useState<string>();
  const save = useMutation(
    trpc.firmware.updateNotes.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.firmware.list.pathKey() });
        setDraft(undefined);
      },
    }),
  );
  const errors = save.error ? formErrorsOf(save.error) : null;
  const message = errors?.fields.notes ?? errors?.form[0];

  if (draft === undefined) {
    return (
      <div className="flex min-w-48 max-w-80 items-start gap-2">
        <p className="min-w-0 flex-1 whitespace-pre-line text-sm text-slate-700">
          {firmware.notes ?? <span className="text-slate-400">no notes</span>}
        </p>
        {canEdit ? (
          <Button
            size="sm"
            variant="ghost"
            aria-label={`Edit the notes of firmware ${firmware.version}`}
            onClick={() => {
              save.reset();
              setDraft(firmware.notes ?? '');
            }}
          >
            Edit
          </Button>
        ) : null}
      </div>
    );
  }
  return (
    <form
      className="flex min-w-48 max-w-80 flex-col gap-1.5"
      aria-label={`Notes of firmware ${firmware.version}`}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate({ id: firmware.id, notes: draft });
      }}
    >
      <label htmlFor={id} className="sr-only">
        Notes of firmware {firmware.version}
      </label>
      <textarea
        id={id}
        value={draft}
        rows={3}
        maxLength={2000}
        aria-invalid={message ? true : undefined}
        onChange={(event) => setDraft(event.target.value)}
        className="w-full rounded-md border border-slate-300 p-2 text-sm"
      />
      {message ? (
        <p role="alert" className="text-xs text-rose-700">
          {message}
        </p>
      ) : null}
      <div className="flex gap-1.5">
        <Button size="sm" type="submit" busy={save.isPending}>
          Save notes
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setDraft(undefined)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
