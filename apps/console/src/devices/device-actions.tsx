'use client';

import { Button, ConfirmButton } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';

/** Issue an activation code or revoke the box's token; both are audited by the API. */
export function DeviceActions({
  deviceId,
  assigned,
  revoked,
}: {
  deviceId: string;
  assigned: boolean;
  revoked: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.subscribers.devices.pathKey() });
  const code = useMutation(
    trpc.subscribers.devices.issueActivationCode.mutationOptions({ onSuccess: refresh }),
  );
  const revoke = useMutation(trpc.subscribers.devices.revokeToken.mutationOptions({ onSuccess: refresh }));
  const error = code.error ?? revoke.error;
  return (
    <div className="flex flex-col items-end gap-1">
      {/* One line at 1440 wide: the labels never wrap inside their fixed-height buttons. */}
      <div className="flex gap-1.5 whitespace-nowrap">
        <Button
          size="sm"
          variant="secondary"
          disabled={!assigned}
          busy={code.isPending}
          title={assigned ? undefined : 'Assign the box to a subscriber first'}
          onClick={() => code.mutate({ deviceId })}
        >
          New activation code
        </Button>
        <ConfirmButton
          label={revoked ? 'Revoke again' : 'Revoke token'}
          busy={revoke.isPending}
          question="Revoke this box’s token? It stops playing at once and must be activated again."
          onConfirm={() => revoke.mutate({ deviceId })}
        />
      </div>
      {error ? (
        <p role="alert" className="text-xs text-rose-700">
          {formErrorsOf(error).form.join(' ') || Object.values(formErrorsOf(error).fields).join(' ')}
        </p>
      ) : null}
    </div>
  );
}
