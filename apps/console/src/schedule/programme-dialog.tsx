'use client';

import { Button, ConfirmButton } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { NEW_PROGRAMME_MINUTES } from './grid-geometry';
import { formatSlotRange } from './local-time';
import { MoveForm } from './move-form';
import { ProgrammeForm } from './programme-form';
import type { TProgramme, TScheduleChannel } from './types';

export type TDialogTarget =
  | { kind: 'new'; channelId: string; start?: Date }
  | { kind: 'programme'; programme: TProgramme };

interface Props {
  target: TDialogTarget | undefined;
  channels: TScheduleChannel[];
  date: string;
  canEdit: boolean;
  onClose: () => void;
  /** What happened, for the page to say once the dialog is gone. */
  onDone: (message: string) => void;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-3 border-t border-slate-200 pt-4">
      <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
      {children}
    </section>
  );
}

/** A modal (the browser's own <dialog>: focus stays inside, Escape closes) to add, edit, move or delete. */
export function ProgrammeDialog({ target, channels, date, canEdit, onClose, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ref = useRef<HTMLDialogElement>(null);
  const remove = useMutation(
    trpc.schedule.delete.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: trpc.schedule.pathKey() }),
    }),
  );

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (target && !dialog.open) dialog.showModal();
    if (!target && dialog.open) dialog.close();
  }, [target]);

  const programme = target?.kind === 'programme' ? target.programme : undefined;
  const channelName = (id: string) => channels.find((c) => c.id === id)?.name ?? 'this channel';
  const title = programme ? programme.title : 'New programme';
  const key = programme
    ? programme.id
    : `new-${target?.kind === 'new' ? `${target.channelId}-${target.start?.getTime()}` : ''}`;

  return (
    <dialog
      ref={ref}
      aria-labelledby={target ? 'programme-dialog-title' : undefined}
      onClose={onClose}
      className="m-auto max-h-[90vh] w-[36rem] max-w-[95vw] overflow-y-auto rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      {target ? (
        <div key={key} className="flex flex-col gap-4 p-5">
          <div className="flex items-start justify-between gap-3">
            <div>
              <h2 id="programme-dialog-title" className="text-base font-semibold text-slate-900">
                {title}
              </h2>
              <p className="text-sm text-slate-600">
                {programme
                  ? `${channelName(programme.channelId)} · ${formatSlotRange(programme.startsAt, programme.endsAt, date)}`
                  : 'A programme may not overlap another on the same channel.'}
              </p>
            </div>
            <Button size="sm" variant="ghost" onClick={onClose}>
              Close
            </Button>
          </div>
          {!canEdit ? (
            <p className="text-sm text-slate-600">Only content managers change the schedule.</p>
          ) : programme ? (
            <>
              <Section title="Move">
                <MoveForm
                  channels={channels}
                  programme={programme}
                  onMoved={() => onDone(`“${programme.title}” is moved.`)}
                />
              </Section>
              <Section title="Details">
                <ProgrammeForm
                  channels={channels}
                  channelId={programme.channelId}
                  date={date}
                  editing={programme}
                  onSaved={(saved) => onDone(`“${saved.title}” is saved.`)}
                />
              </Section>
              <Section title="Delete">
                {remove.error ? (
                  <p role="alert" className="text-sm text-rose-800">
                    {formErrorsOf(remove.error).form.join(' ') || 'The programme was not deleted.'}
                  </p>
                ) : null}
                <div>
                  <ConfirmButton
                    label="Delete"
                    question={`Delete “${programme.title}” from the schedule?`}
                    busy={remove.isPending}
                    onConfirm={() =>
                      remove.mutate(
                        { id: programme.id },
                        { onSuccess: () => onDone(`“${programme.title}” is deleted.`) },
                      )
                    }
                  />
                </div>
              </Section>
            </>
          ) : target.kind === 'new' ? (
            <ProgrammeForm
              channels={channels}
              channelId={target.channelId}
              date={date}
              prefill={
                target.start
                  ? {
                      start: target.start,
                      end: new Date(target.start.getTime() + NEW_PROGRAMME_MINUTES * 60_000),
                    }
                  : undefined
              }
              onSaved={(saved) => onDone(`“${saved.title}” is saved.`)}
            />
          ) : null}
        </div>
      ) : null}
    </dialog>
  );
}
