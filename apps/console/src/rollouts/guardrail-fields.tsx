'use client';

import type { TRolloutGuardrails } from '@keten/contracts';
import { TextField } from '@keten/ui';
import { formatPoints } from './rollout-format';

// The allowed deltas are shares (0.005) in the API; people write them in percentage points (0.5).
const DELTAS = [
  ['maxVsfDelta', 'Video start failures (VSF)'],
  ['maxVpfDelta', 'Playback failures (VPF)'],
  ['maxRebufferingRatioDelta', 'Rebuffering ratio'],
  ['maxErrorRateDelta', 'Error rate'],
] as const;

const SAMPLES = [
  ['minAttempts', 'Minimum attempts per side', 'Before VSF and error rate are judged'],
  ['minPlays', 'Minimum plays per side', 'Before VPF and rebuffering are judged'],
] as const;

const numberOrNaN = (value: FormDataEntryValue | null) => {
  const text = String(value ?? '').trim();
  return text === '' ? Number.NaN : Number(text);
};

/** The guardrails as the API takes them, from the form's fields (points become shares). */
export function guardrailsFromForm(form: FormData): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [name] of DELTAS) values[name] = numberOrNaN(form.get(name)) / 100;
  for (const [name] of SAMPLES) values[name] = numberOrNaN(form.get(name));
  values.alpha = numberOrNaN(form.get('alpha'));
  return values;
}

/** Thresholds with the defaults filled in; each says what it guards in words. */
export function GuardrailFields({
  defaults,
  errorOf,
}: {
  defaults: TRolloutGuardrails;
  errorOf: (field: string) => string | undefined;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      {DELTAS.map(([name, label]) => (
        <TextField
          key={name}
          label={`${label}: allowed worsening (pp)`}
          name={name}
          inputMode="decimal"
          defaultValue={String(Number((defaults[name] * 100).toFixed(4)))}
          hint={`Default ${formatPoints(defaults[name])} above the control`}
          // The API words it as a share (0 to 1); the field takes points.
          error={
            errorOf(`guardrails.${name}`) ? 'Must be a number of percentage points from 0 to 100' : undefined
          }
        />
      ))}
      {SAMPLES.map(([name, label, hint]) => (
        <TextField
          key={name}
          label={label}
          name={name}
          inputMode="numeric"
          defaultValue={String(defaults[name])}
          hint={hint}
          error={errorOf(`guardrails.${name}`)}
        />
      ))}
      <TextField
        label="False-halt risk (alpha)"
        name="alpha"
        inputMode="decimal"
        defaultValue={String(defaults.alpha)}
        hint="Chance a healthy firmware is halted over the whole soak"
        error={errorOf('guardrails.alpha')}
      />
    </div>
  );
}
