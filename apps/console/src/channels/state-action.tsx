'use client';

import { ConfirmButton } from '@keten/ui';
import { Reach, StateRefusal, type TStateChannel, useChannelState } from './channel-state';

/** The list's one state action: disable a channel (live or draft), or put a disabled one back on the air. */
export function StateAction({ channel }: { channel: TStateChannel }) {
  const control = useChannelState(channel);
  return (
    <div className="ml-auto flex max-w-52 flex-col items-end gap-1">
      {channel.state === 'DISABLED' ? (
        <ConfirmButton
          label="Re-enable"
          name={`Re-enable ${channel.name}`}
          tone="primary"
          busy={control.busy}
          question={
            <>
              Put {channel.name} back on the air?
              <Reach id={channel.id} losing={false} />
            </>
          }
          onConfirm={() => control.change('LIVE')}
        />
      ) : (
        <ConfirmButton
          label="Disable"
          name={`Disable ${channel.name}`}
          busy={control.busy}
          question={<DisableQuestion channel={channel} />}
          onConfirm={() => control.change('DISABLED')}
        />
      )}
      <StateRefusal control={control} />
    </div>
  );
}

/** What disabling does: boxes drop it at their next refresh; a draft is on no box yet. */
export function DisableQuestion({ channel }: { channel: TStateChannel }) {
  return (
    <>
      Disable {channel.name}?
      {channel.state === 'DRAFT' ? ' It is a draft, so no box has it yet.' : <Reach id={channel.id} losing />}
    </>
  );
}
