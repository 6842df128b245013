'use client';

import { Card, ConfirmButton, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TRolloutDetail } from './types';

/** Start, halt, resume, roll back: each asks once; halting and rolling back need a reason (audit and webhooks). */
export function RolloutActions({ rollout }: { rollout: TRolloutDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const done = {
    onSuccess: async () => {
      setReason('');
      await queryClient.invalidateQueries({ queryKey: trpc.rollouts.pathKey() });
    },
  };
  const start = useMutation(trpc.rollouts.start.mutationOptions(done));
  const halt = useMutation(trpc.rollouts.halt.mutationOptions(done));
  const resume = useMutation(trpc.rollouts.resume.mutationOptions(done));
  const rollback = useMutation(trpc.rollouts.rollback.mutationOptions(done));
  const failed = [start, halt, resume, rollback].find((mutation) => mutation.error)?.error;
  const errors = failed ? formErrorsOf(failed) : null;
  const message = errors?.fields.reason ?? errors?.fields.id ?? errors?.form[0];
  const needReason = reason.trim() === '' ? 'Write the reason first' : undefined;
  const state = rollout.state;
  const back = rollout.rollbackFirmwareVersion?.version;
  const finished = state === 'ROLLED_BACK';

  return (
    <Card title="Actions" description="Every action is audited and sent through the alert webhooks.">
      {finished ? (
        <p className="text-sm text-slate-700">
          Rolled back: its boxes are told to install {back ?? 'the previous version'} again. Nothing more to
          do.
        </p>
      ) : (
        <div className="space-y-3">
          {state === 'RUNNING' || state === 'HALTED' || state === 'COMPLETED' ? (
            <TextField
              label="Reason"
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              hint="Why you halt, resume or roll back; it goes into the audit log and the webhooks."
              error={errors?.fields.reason}
            />
          ) : null}
          <div className="flex flex-wrap items-center gap-2">
            {state === 'DRAFT' ? (
              <ConfirmButton
                label="Start"
                tone="primary"
                align="start"
                question={`Start wave 1: ${rollout.waves[0]?.percent ?? 0} % of the cohort's ${rollout.firmwareVersion.boxModel.name} boxes are told to install ${rollout.firmwareVersion.version}?`}
                busy={start.isPending}
                onConfirm={() => start.mutate({ id: rollout.id })}
              />
            ) : null}
            {state === 'RUNNING' ? (
              <ConfirmButton
                label="Halt"
                align="start"
                question="Halt: no further boxes are told to update until you resume. Boxes already updated keep the new version."
                busy={halt.isPending}
                disabled={needReason}
                onConfirm={() => halt.mutate({ id: rollout.id, reason: reason.trim() })}
              />
            ) : null}
            {state === 'HALTED' ? (
              <ConfirmButton
                label="Resume"
                tone="primary"
                align="start"
                question="Resume: the halted wave soaks again from now and its guardrails judge afresh."
                busy={resume.isPending}
                onConfirm={() => resume.mutate({ id: rollout.id, reason: reason.trim() || null })}
              />
            ) : null}
            {state === 'RUNNING' || state === 'HALTED' || state === 'COMPLETED' ? (
              <ConfirmButton
                label="Roll back"
                align="start"
                question={
                  back
                    ? `Roll back: every box this rollout reached (${rollout.progress.reachedPercent} % of the cohort) is told to install ${back} again. This ends the rollout.`
                    : 'This rollout has no previous version to return to.'
                }
                busy={rollback.isPending}
                disabled={back ? needReason : 'The box model has no older firmware to return to'}
                onConfirm={() => rollback.mutate({ id: rollout.id, reason: reason.trim() })}
              />
            ) : null}
          </div>
          {message ? (
            <p role="alert" className="text-sm text-rose-700">
              {message}
            </p>
          ) : null}
        </div>
      )}
    </Card>
  );
}
