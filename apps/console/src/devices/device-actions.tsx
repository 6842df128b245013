'use client';

import { Button } from '@keten/ui';
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
        <Button
          size="sm"
          variant="ghost"
          busy={revoke.isPending}
          onClick={() => {
            if (
              window.confirm('Revoke this box’s token? The box must be activated again before it can play.')
            )
              revoke.mutate({ deviceId });
          }}
        >
          {revoked ? 'Revoke again' : 'Revoke token'}
        </Button>
      </div>
      {error ? (
        <p role="alert" className="text-xs text-rose-700">
          {formErrorsOf(error).form.join(' ') || Object.values(formErrorsOf(error).fields).join(' ')}
        </p>
      ) : null}
    </div>
  );
}
