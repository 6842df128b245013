'use client';

import {
  Badge,
  Button,
  Card,
  ConfirmButton,
  DataTable,
  EmptyState,
  ErrorState,
  FormFeedback,
  LoadingState,
  SelectField,
  TextField,
} from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { formatDateTime } from '../format';
import { describeQueryError, formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';
import type { TSteeringEdge, TSteeringView } from '../trpc/types';
import { figuresText, stateOf } from './steering-figures';
import { SteeringRuleCard } from './steering-rule-card';

/** Edge steering: which edges are avoided, since when, why, how many boxes moved; undo, avoid by hand, settings. */
export function SteeringView({ canConfigure }: { canConfigure: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const view = useQuery({ ...trpc.steering.view.queryOptions(), refetchInterval: 30_000 });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.steering.view.queryKey() });
  const returnNow = useMutation(trpc.steering.returnNow.mutationOptions({ onSettled: refresh }));

  if (view.isPending) return <LoadingState variant="table" rows={4} label="Loading edge steering…" />;
  if (view.isError)
    return (
      <ErrorState
        title="Edge steering could not be loaded"
        message={describeQueryError(view.error)}
        onRetry={() => void view.refetch()}
        retrying={view.isFetching}
      />
    );
  const { edges } = view.data;
  if (edges.length === 0)
    return (
      <EmptyState
        title="No CDN edges yet"
        description={
          canConfigure ? (
            <>
              Add edges on the <Link href="/edges">CDN edges</Link> page, then give them a base URL here.
            </>
          ) : (
            'An administrator adds CDN edges; until then every box plays from the origin.'
          )
        }
      />
    );
  const avoided = edges.filter((edge) => edge.state === 'AVOIDED');
  const serving = edges.filter((edge) => edge.baseUrl && edge.weight > 0);
  return (
    <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <div className="flex min-w-0 flex-col gap-4">
        <p role="status" className="text-sm text-slate-700">
          {avoided.length === 0
            ? `No edge is avoided. ${serving.length} of ${edges.length} edges serve boxes.`
            : `${avoided.length} ${avoided.length === 1 ? 'edge is' : 'edges are'} avoided: ${avoided.map((edge) => edge.name).join(', ')}.`}{' '}
          Checked every {view.data.cycleSeconds} s; at most {view.data.maxMovePercent} % of the{' '}
          {view.data.fleetBoxes.toLocaleString('en-US')} boxes change edge per check.
        </p>
        {returnNow.error ? (
          <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {formErrorsOf(returnNow.error).form.join(' ') || 'The edge was not returned.'}
          </p>
        ) : null}
        <Card title="Edges" description="Why an edge is avoided, with the figures that made it so." flush>
          <DataTable<TSteeringEdge>
            caption="Edge steering"
            rows={edges}
            rowKey={(row) => row.id}
            empty={null}
            columns={[
              {
                key: 'edge',
                header: 'Edge',
                cell: (row) => (
                  <div>
                    <div className="font-medium">{row.name}</div>
                    <div className="text-xs break-all text-slate-500">{row.baseUrl ?? 'no base URL'}</div>
                  </div>
                ),
              },
              {
                key: 'state',
                header: 'State',
                cell: (row) => {
                  const state = stateOf(row);
                  return (
                    <div className="flex flex-col gap-1">
                      <Badge tone={state.tone}>{state.label}</Badge>
                      {row.avoidedSince ? (
                        <span className="text-xs whitespace-nowrap text-slate-600">
                          since {formatDateTime(row.avoidedSince)}
                        </span>
                      ) : null}
                    </div>
                  );
                },
              },
              {
                key: 'why',
                header: 'Why',
                cell: (row) => (
                  <div className="max-w-md text-sm">
                    {row.reason ? <p>{row.reason}</p> : null}
                    <p className="text-xs text-slate-500">
                      Now: {figuresText(row.lastFigures)}
                      {row.lastEvaluatedAt ? ` (${formatDateTime(row.lastEvaluatedAt)})` : ''}
                    </p>
                  </div>
                ),
              },
              {
                key: 'boxes',
                header: 'Boxes moved',
                align: 'right',
                cell: (row) => (
                  <span className="whitespace-nowrap tabular-nums">
                    {row.movedBoxes.toLocaleString('en-US')} of {row.homeBoxes.toLocaleString('en-US')}
                  </span>
                ),
              },
              {
                key: 'actions',
                header: <span className="sr-only">Actions</span>,
                align: 'right',
                cell: (row) =>
                  row.state === 'AVOIDED' || row.movedBoxes > 0 ? (
                    <ConfirmButton
                      label="Return now"
                      name={`Return ${row.name} now`}
                      tone="primary"
                      question={`${row.movedBoxes.toLocaleString('en-US')} boxes go back to ${row.name} at once. If it still breaches its rule, the next check avoids it again.`}
                      busy={returnNow.isPending && returnNow.variables.id === row.id}
                      onConfirm={() => returnNow.mutate({ id: row.id })}
                    />
                  ) : null,
              },
            ]}
          />
        </Card>
        <SteeringRuleCard view={view.data} canConfigure={canConfigure} onDone={refresh} />
      </div>
      <div className="flex flex-col gap-4">
        <AvoidForm view={view.data} onDone={refresh} />
        {canConfigure ? <EdgeSettingsForm view={view.data} onDone={refresh} /> : null}
      </div>
    </div>
  );
}

function AvoidForm({ view, onDone }: { view: TSteeringView; onDone: () => void }) {
  const trpc = useTRPC();
  const avoid = useMutation(trpc.steering.avoid.mutationOptions({ onSettled: onDone }));
  const candidates = view.edges.filter((edge) => edge.baseUrl && edge.weight > 0 && !edge.pinned);
  const errors = avoid.error ? formErrorsOf(avoid.error) : { fields: {}, form: [] };
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    avoid.mutate(
      { id: String(form.get('id') ?? ''), note: String(form.get('note') ?? '').trim() },
      { onSuccess: () => formElement.reset() },
    );
  }
  return (
    <Card
      title="Avoid an edge by hand"
      description="Its boxes move away and stay away until someone returns it."
    >
      {candidates.length === 0 ? (
        <p className="text-sm text-slate-600">No edge serving boxes can be avoided now.</p>
      ) : (
        <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3" aria-label="Avoid an edge">
          {errors.form.map((message) => (
            <p key={message} role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800">
              {message}
            </p>
          ))}
          <SelectField
            label="Edge"
            name="id"
            options={candidates.map((edge) => ({ value: edge.id, label: edge.name }))}
            error={errors.fields.id}
          />
          <TextField label="Why" name="note" autoComplete="off" error={errors.fields.note} />
          <Button type="submit" busy={avoid.isPending} className="self-start">
            Avoid edge
          </Button>
        </form>
      )}
    </Card>
  );
}

function EdgeSettingsForm({ view, onDone }: { view: TSteeringView; onDone: () => void }) {
  const trpc = useTRPC();
  const [selected, setSelected] = useState(view.edges[0]?.id ?? '');
  const [saved, setSaved] = useState<string>();
  const update = useMutation(
    trpc.steering.update.mutationOptions({
      onSuccess: () => setSaved('Saved: boxes see it on their next /v1/config poll.'),
      onSettled: onDone,
    }),
  );
  const edge = view.edges.find((candidate) => candidate.id === selected);
  const errors = update.error ? formErrorsOf(update.error) : { fields: {}, form: [] };
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!edge) return;
    const form = new FormData(event.currentTarget);
    const baseUrl = String(form.get('baseUrl') ?? '').trim();
    setSaved(undefined);
    update.mutate({
      id: edge.id,
      baseUrl: baseUrl === '' ? null : baseUrl,
      weight: Number(form.get('weight')),
      rule: edge.overrides,
    });
  }
  return (
    <Card
      title="Where an edge’s boxes fetch media"
      description="Administrators: base URL and weight per edge."
    >
      <form
        key={selected}
        onSubmit={onSubmit}
        noValidate
        className="flex flex-col gap-3"
        aria-label="Edge settings"
      >
        <FormFeedback errors={errors.form} saved={saved} />
        <SelectField
          label="Edge"
          name="edge"
          value={selected}
          onChange={(event) => setSelected(event.target.value)}
          options={view.edges.map((candidate) => ({ value: candidate.id, label: candidate.name }))}
        />
        <TextField
          label="Base URL"
          name="baseUrl"
          defaultValue={edge?.baseUrl ?? ''}
          placeholder="https://ams-1.cdn.example.net"
          hint="Empty: the edge serves no boxes."
          error={errors.fields.baseUrl}
        />
        <TextField
          label="Weight"
          name="weight"
          type="number"
          min={0}
          defaultValue={edge?.weight ?? 100}
          hint="Its share of the boxes against the other edges' weights."
          error={errors.fields.weight}
        />
        <Button type="submit" busy={update.isPending} className="self-start">
          Save edge
        </Button>
      </form>
    </Card>
  );
}
