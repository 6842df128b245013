'use client';

import { evaluateFlag, type TCohort, type TFlagDefinition, type TFlagEvaluation } from '@keten/flags';
import { Button, Card, TextField } from '@keten/ui';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { describeQueryError } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TCohortRow } from './types';

const CRITERIA: Record<string, string> = {
  boxModels: 'box model',
  firmware: 'firmware',
  appVersions: 'app version',
  regions: 'region',
  packages: 'package',
  percent: 'its share',
};

function because(result: TFlagEvaluation, cohortName: (id: string) => string): string {
  if (result.reason === 'KILLED') return 'The kill switch is on: every box gets the off variant.';
  if (result.reason === 'DEFAULT') return 'No rule applies, so it gets the default.';
  const rule = result.rule!;
  const who = rule.cohortId
    ? `it is in cohort ${cohortName(rule.cohortId)}${rule.cohortMatch?.via === 'DEVICE_LIST' ? ' (listed by id)' : ''}`
    : 'the rule is for every box';
  return `Rule ${rule.index + 1} (${rule.id}) applies: ${who}, and its bucket ${result.bucket} is inside the rule's share.`;
}

function skippedWhy(skip: TFlagEvaluation['skipped'][number], cohortName: (id: string) => string): string {
  if (skip.why === 'COHORT_MISSING') return `${skip.ruleId}: its cohort no longer exists.`;
  if (skip.why === 'OUTSIDE_PERCENT')
    return `${skip.ruleId}: bucket ${skip.bucket} is outside its ${skip.percent} % share.`;
  const failed = skip.match.failed.map((criterion) => CRITERIA[criterion] ?? criterion);
  return `${skip.ruleId}: not in ${cohortName(skip.cohortId)}${failed.length > 0 ? ` (${failed.join(', ')} ${failed.length === 1 ? 'does' : 'do'} not match)` : ' (not on its device list)'}.`;
}

/**
 * "What does box X get, and why": the box's facts from the API, evaluated here by @keten/flags — the very
 * function /v1/config runs — against the definition being edited.
 */
export function FlagPreview({
  flagKey,
  definition,
  cohorts,
}: {
  flagKey: string;
  definition: TFlagDefinition | null;
  cohorts: readonly TCohortRow[];
}) {
  const trpc = useTRPC();
  const [serial, setSerial] = useState('');
  const facts = useQuery({ ...trpc.flags.deviceFacts.queryOptions({ serial }), enabled: serial !== '' });
  const cohortMap = new Map<string, TCohort>(cohorts.map((cohort) => [cohort.id, cohort]));
  const cohortName = (id: string) => cohortMap.get(id)?.name ?? id;
  const result =
    facts.data && definition ? evaluateFlag({ key: flagKey, definition }, facts.data, cohortMap) : null;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSerial(String(new FormData(event.currentTarget).get('serial') ?? '').trim());
  }

  return (
    <Card
      title="Preview a box"
      description="What a box gets from this definition (unsaved edits included), and why."
    >
      <form onSubmit={onSubmit} aria-label="Preview a box" className="flex items-end gap-2">
        <div className="flex-1">
          <TextField label="Box serial" name="serial" autoComplete="off" />
        </div>
        <Button type="submit" variant="secondary" busy={facts.isFetching}>
          Preview
        </Button>
      </form>
      <div aria-live="polite" className="mt-3 text-sm">
        {facts.isError ? (
          <p role="alert" className="text-rose-700">
            {describeQueryError(facts.error)}
          </p>
        ) : null}
        {facts.data === null ? (
          <p role="status" className="text-slate-700">
            No box with serial <span className="font-mono">{serial}</span>. Check the serial on the box’s
            label or find it under Devices.
          </p>
        ) : null}
        {facts.data && !definition ? (
          <p className="text-slate-600">Fix the definition’s errors to preview it.</p>
        ) : null}
        {facts.data && result ? (
          <div className="space-y-2" data-testid="preview-result">
            <p>
              Box <span className="font-mono">{facts.data.serial}</span> gets{' '}
              <code className="rounded bg-slate-100 px-1 font-semibold">{JSON.stringify(result.value)}</code>{' '}
              (variant <span className="font-mono">{result.variant}</span>).
            </p>
            <p className="text-slate-700">{because(result, cohortName)}</p>
            {result.skipped.length > 0 ? (
              <ul className="list-disc pl-5 text-slate-600">
                {result.skipped.map((skip) => (
                  <li key={skip.ruleId}>{skippedWhy(skip, cohortName)}</li>
                ))}
              </ul>
            ) : null}
            <p className="text-xs text-slate-500">
              {facts.data.boxModel} · firmware {facts.data.firmware ?? 'unknown'} · app{' '}
              {facts.data.appVersion ?? 'unknown'} · {facts.data.region ?? 'no region'} · packages{' '}
              {facts.data.packages.join(', ') || 'none'}
            </p>
          </div>
        ) : null}
      </div>
    </Card>
  );
}
