'use client';

import { DEFAULT_ROLLOUT_GUARDRAILS, ZRolloutCreateSchema } from '@keten/contracts';
import { Button, Card, ErrorState, LoadingState, SelectField, TextField } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import { firmwareChoices } from './firmware-choices';
import { GuardrailFields, guardrailsFromForm } from './guardrail-fields';
import { type TWaveDraft, WavesEditor } from './waves-editor';

const STARTER_WAVES: TWaveDraft[] = [
  { key: 1, percent: '1', soakMinutes: '60' },
  { key: 2, percent: '5', soakMinutes: '120' },
  { key: 3, percent: '25', soakMinutes: '240' },
  { key: 4, percent: '100', soakMinutes: '0' },
];

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);
const numberOrNaN = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));

/** A rollout plan: the firmware, the cohort, cumulative waves with soak times, and the guardrails that halt it. */
export function NewRolloutForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const firmware = useQuery(trpc.firmware.list.queryOptions());
  const cohorts = useQuery(trpc.cohorts.list.queryOptions());
  const [waves, setWaves] = useState<TWaveDraft[]>(STARTER_WAVES);
  const [firmwareId, setFirmwareId] = useState('');
  const [local, setLocal] = useState<Record<string, string>>({});
  const create = useMutation(
    trpc.rollouts.create.mutationOptions({
      onSuccess: async (rollout) => {
        await queryClient.invalidateQueries({ queryKey: trpc.rollouts.pathKey() });
        router.push(`/rollouts/${rollout.id}`);
      },
    }),
  );
  const server = create.error ? formErrorsOf(create.error) : { fields: {}, form: [] };
  const errorOf = (field: string) => local[field] ?? server.fields[field];

  if (firmware.isPending || cohorts.isPending) return <LoadingState label="Loading firmware and cohorts…" />;
  if (firmware.isError || cohorts.isError) {
    const error = firmware.error ?? cohorts.error;
    return (
      <ErrorState
        title="The form's choices could not be loaded"
        message={describeQueryError(error)}
        onRetry={() => void Promise.all([firmware.refetch(), cohorts.refetch()])}
        retrying={firmware.isFetching || cohorts.isFetching}
      />
    );
  }
  const choices = firmwareChoices(firmware.data);
  const chosen = choices.find((choice) => choice.value === firmwareId);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const parsed = ZRolloutCreateSchema.safeParse({
      name: text('name'),
      firmwareVersionId: firmwareId,
      cohortId: text('cohortId'),
      waves: waves.map((wave) => ({
        percent: numberOrNaN(wave.percent),
        soakMinutes: numberOrNaN(wave.soakMinutes),
      })),
      guardrails: guardrailsFromForm(form),
    });
    const errors: Record<string, string> = {};
    for (const issue of parsed.error?.issues ?? []) {
      const key = issue.path.join('.');
      const message =
        key === 'firmwareVersionId'
          ? 'choose a firmware'
          : key === 'cohortId'
            ? 'choose a cohort'
            : issue.message;
      errors[key || 'form'] ??= sentence(message);
    }
    setLocal(errors);
    if (!parsed.success) return;
    create.mutate(parsed.data);
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label="New rollout"
      className="grid items-start gap-5 xl:grid-cols-2"
    >
      <Card
        title="Firmware and cohort"
        description="The boxes of the firmware's box model in the cohort take part."
      >
        <div className="space-y-3">
          {[...server.form, ...(local.form ? [local.form] : [])].map((message) => (
            <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
              {message}
            </p>
          ))}
          <TextField
            label="Name"
            name="name"
            autoComplete="off"
            error={errorOf('name')}
            hint="e.g. Kaon 2.1.0 to all boxes"
          />
          <SelectField
            label="Firmware"
            name="firmwareVersionId"
            value={firmwareId}
            onChange={(event) => setFirmwareId(event.target.value)}
            options={choices}
            placeholder="Choose…"
            error={errorOf('firmwareVersionId')}
            hint={
              chosen
                ? chosen.rollbackTo
                  ? `A rollback tells its boxes to install ${chosen.rollbackTo} again.`
                  : 'No older version of this model: this rollout cannot be rolled back.'
                : 'Only versions with an image (URL, SHA-256, size) can be rolled out.'
            }
          />
          <SelectField
            label="Cohort"
            name="cohortId"
            defaultValue=""
            options={cohorts.data.map((cohort) => ({ value: cohort.id, label: cohort.name }))}
            placeholder="Choose…"
            error={errorOf('cohortId')}
          />
        </div>
      </Card>
      <Card
        title="Waves"
        description="Each wave's percent is cumulative; it soaks with passing guardrails before the next starts."
      >
        <WavesEditor waves={waves} onChange={setWaves} errorOf={errorOf} />
      </Card>
      <Card
        title="Guardrails"
        description="Each wave against the same model's boxes not yet updated, same window; worse beyond these, the rollout halts itself."
        className="xl:col-span-2"
      >
        <GuardrailFields defaults={DEFAULT_ROLLOUT_GUARDRAILS} errorOf={errorOf} />
        <div className="mt-4 flex items-center gap-3">
          <Button type="submit" busy={create.isPending}>
            Create rollout
          </Button>
          <span className="text-xs text-slate-500">It starts as a draft: start it from its page.</span>
        </div>
      </Card>
    </form>
  );
}
