'use client';

import { Button, Card, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTRPC } from '../trpc/react';
import { CompatibilityRefusal } from './compatibility-refusal';
import { FfmpegPanel } from './ffmpeg-panel';
import { checkDraft, draftOf, type TLadderDraft } from './ladder-draft';
import { LadderEditor } from './ladder-editor';
import { saveErrorsOf } from './server-errors';
import type { TProfileDetail } from './types';

/** Edits the current ladder of a profile; saving adds a version after the API's checks. */
export function ProfileEditor({ profile, canEdit }: { profile: TProfileDetail; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = profile.versions[0];
  const [draft, setDraft] = useState<TLadderDraft>(() => draftOf(current!));
  const [note, setNote] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [saved, setSaved] = useState<number>();
  const checked = useMemo(() => checkDraft(draft), [draft]);
  const save = useMutation(
    trpc.profiles.saveVersion.mutationOptions({
      onSuccess: async (version) => {
        setSaved(version.version);
        setNote('');
        setShowErrors(false);
        setDraft(draftOf(version));
        await queryClient.invalidateQueries({ queryKey: trpc.profiles.pathKey() });
      },
    }),
  );
  const server = save.error ? saveErrorsOf(save.error) : { fields: {}, form: [] };
  const errors = showErrors ? { ...server.fields, ...checked.errors } : server.fields;

  const submit = (confirmIncompatible: boolean) => {
    setShowErrors(true);
    setSaved(undefined);
    if (!checked.ladder) return;
    save.mutate({ profileId: profile.id, ...checked.ladder, note: note || undefined, confirmIncompatible });
  };

  return (
    <>
      <Card
        title={`${profile.name} — ladder`}
        description={`Editing from version ${current?.version}. Saving creates version ${(current?.version ?? 0) + 1}; channels stay on the version they pin.`}
      >
        <form
          aria-label="Ladder"
          noValidate
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            submit(false);
          }}
        >
          <LadderEditor
            draft={draft}
            errors={errors}
            onChange={(next) => {
              setDraft(next);
              setSaved(undefined);
              save.reset();
            }}
          />
          {server.form.map((message) => (
            <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
              {message}
            </p>
          ))}
          {showErrors && Object.keys(checked.errors).length > 0 ? (
            <p role="alert" className="text-sm text-rose-700">
              Not saved: {Object.keys(checked.errors).length} field(s) need attention.
            </p>
          ) : null}
          {server.refusal ? (
            <CompatibilityRefusal
              impact={server.refusal}
              busy={save.isPending}
              onConfirm={() => submit(true)}
            />
          ) : null}
          {saved ? (
            <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
              Saved as version {saved}.
            </p>
          ) : null}
          {canEdit ? (
            <div className="flex flex-wrap items-end gap-3">
              <div className="w-96 max-w-full">
                <TextField
                  label="Change note"
                  value={note}
                  maxLength={500}
                  onChange={(e) => setNote(e.target.value)}
                />
              </div>
              <Button type="submit" busy={save.isPending}>
                Save as new version
              </Button>
              <Button
                variant="ghost"
                onClick={() => {
                  setDraft(draftOf(current!));
                  save.reset();
                  setShowErrors(false);
                }}
              >
                Discard edits
              </Button>
            </div>
          ) : (
            <p className="text-sm text-slate-500">
              Your role can read ladders; content managers change them.
            </p>
          )}
        </form>
      </Card>
      <FfmpegPanel
        ladder={checked.ladder}
        title={`The HLS ladder this ${saved ? `version ${saved}` : 'editor state'} produces; the worker runs the same arguments.`}
      />
    </>
  );
}
