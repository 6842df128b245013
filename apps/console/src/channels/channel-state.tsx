'use client';

import type { TChannelState } from '@keten/contracts';
import { Button } from '@keten/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatCount } from '../format';
import { saveErrorsOf } from '../profiles/server-errors';
import { useTRPC } from '../trpc/react';
import type { TChannelRow } from './types';

export type TStateChannel = Pick<TChannelRow, 'id' | 'name' | 'state'>;

/** The state changes a content manager makes, each confirmed first; what a refusal says, and the way past it. */
export function useChannelState(channel: TStateChannel) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setState = useMutation(
    trpc.channels.setState.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.channels.pathKey() }),
    }),
  );
  const errors = setState.error ? saveErrorsOf(setState.error) : undefined;
  const variables = setState.variables;
  return {
    busy: setState.isPending,
    /** The state the last change reached, for a "done" line. */
    done: setState.isSuccess ? setState.data.state : undefined,
    change: (state: TChannelState) => setState.mutate({ id: channel.id, state }),
    refusal:
      errors?.refusal && variables
        ? {
            state: variables.state,
            impact: errors.refusal,
            confirm: () => setState.mutate({ ...variables, confirmIncompatible: true }),
          }
        : undefined,
    message:
      errors && !errors.refusal ? [...errors.form, ...Object.values(errors.fields)].join(' ') : undefined,
    reset: () => setState.reset(),
  };
}
export type TChannelStateControl = ReturnType<typeof useChannelState>;

const packageNames = (packages: { name: string }[]) =>
  packages.length <= 3
    ? packages.map((p) => p.name).join(', ')
    : `${packages
        .slice(0, 3)
        .map((p) => p.name)
        .join(', ')} and ${packages.length - 3} more`;

/**
 * Who notices the change, counted when the question is asked: households and boxes entitled through the
 * packages that carry the channel. `losing`: they lose it; otherwise they get it.
 */
export function Reach({ id, losing }: { id: string; losing: boolean }) {
  const trpc = useTRPC();
  const reach = useQuery(trpc.channels.reach.queryOptions({ id }));
  if (reach.isPending) return <span className="text-slate-500"> Counting who has it…</span>;
  if (reach.isError) return <span> Who has it could not be counted.</span>;
  const { packages, subscribers, devices } = reach.data;
  if (packages.length === 0) return <span> It is in no package, so no box is affected.</span>;
  return (
    <span>
      {' '}
      {formatCount(subscribers)} households ({formatCount(devices)} boxes) in {packageNames(packages)}{' '}
      {losing ? 'lose it from their lineup' : 'get it in their lineup'} at their box's next lineup refresh.
    </span>
  );
}

/** The API refused because the channel's ladder strands entitled boxes: say so briefly, offer the way on. */
export function StateRefusal({ control }: { control: TChannelStateControl }) {
  if (control.refusal) {
    const action = control.refusal.state === 'DRAFT' ? 'Restore as draft' : 'Re-enable';
    const { impact, confirm } = control.refusal;
    const models = impact.boxModels.map((m) => `${m.vendor} ${m.name}`).join(', ');
    return (
      <span role="alert" className="flex flex-wrap items-center gap-1.5 text-xs text-amber-900">
        <span>
          Not done: {models} can play no rung of its ladder ({formatCount(impact.subscribers)} households).
        </span>
        <Button size="sm" variant="danger" busy={control.busy} onClick={confirm}>
          {action} anyway
        </Button>
        <Button size="sm" variant="ghost" onClick={control.reset}>
          Keep as is
        </Button>
      </span>
    );
  }
  return control.message ? (
    <span role="alert" className="text-xs text-rose-800">
      {control.message}
    </span>
  ) : null;
}
