'use client';

import { Button } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../trpc/react';
import type { TChannelRow } from './types';

/** Disable a channel from the list, or bring a disabled one back as a draft. */
export function StateAction({ channel }: { channel: Pick<TChannelRow, 'id' | 'name' | 'state'> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setState = useMutation(
    trpc.channels.setState.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.channels.pathKey() }),
    }),
  );
  const disabled = channel.state === 'DISABLED';
  const label = disabled ? 'Restore as draft' : 'Disable';
  return (
    <Button
      size="sm"
      variant="ghost"
      busy={setState.isPending}
      // The name starts with the visible words (WCAG 2.5.3), then says which channel.
      aria-label={`${label} ${channel.name}`}
      title={setState.error?.message}
      onClick={() => setState.mutate({ id: channel.id, state: disabled ? 'DRAFT' : 'DISABLED' })}
    >
      {label}
    </Button>
  );
}
