'use client';

import { Button, Card, ConfirmButton, TextField } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime } from '../format';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';

function CopyableUrl({ label, url, hint }: { label: string; url: string; hint: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex items-end gap-2">
      <div className="min-w-0 flex-1">
        <TextField label={label} value={url} readOnly hint={hint} className="font-mono text-xs" />
      </div>
      <Button
        size="sm"
        variant="secondary"
        className="mb-5"
        onClick={() => void navigator.clipboard?.writeText(url).then(() => setCopied(true))}
      >
        {copied ? 'Copied' : 'Copy'}
      </Button>
    </div>
  );
}

/**
 * The box's player URLs (M3U + EPG for VLC, Kodi, TiviMate, mpv): when they were issued and which ones are current
 * (their last characters); issuing new ones shows both once and stops the previous ones at once.
 */
export function PlayerUrlsCard({
  deviceId,
  issuedAt,
  hint,
  assigned,
  revoked,
}: {
  deviceId: string;
  issuedAt: Date | null;
  hint: string | null;
  assigned: boolean;
  revoked: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const issue = useMutation(
    trpc.subscribers.devices.issuePlayerUrls.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.subscribers.devices.pathKey() }),
    }),
  );
  const blocked = !assigned
    ? 'Assign the box to a subscriber first'
    : revoked
      ? 'The box is revoked: activate it again first'
      : undefined;
  const error = issue.error ? formErrorsOf(issue.error) : null;
  const fresh = issue.data;

  return (
    <Card
      className="xl:col-span-2"
      title="Player URLs"
      description="For VLC, Kodi (IPTV Simple), TiviMate or mpv: the playlist and guide by URL, no sign-in."
      actions={
        issuedAt ? (
          <ConfirmButton
            label="Reissue"
            busy={issue.isPending}
            disabled={blocked}
            question="Issue new player URLs? The current ones stop working at once in every player."
            onConfirm={() => issue.mutate({ deviceId })}
          />
        ) : (
          <Button
            size="sm"
            variant="secondary"
            disabled={blocked !== undefined}
            title={blocked}
            busy={issue.isPending}
            onClick={() => issue.mutate({ deviceId })}
          >
            Issue player URLs
          </Button>
        )
      }
    >
      <div className="flex flex-col gap-3 text-sm">
        {error ? (
          <p role="alert" className="text-rose-700">
            {error.form.join(' ') || Object.values(error.fields).join(' ')}
          </p>
        ) : null}
        {fresh ? (
          <section className="flex flex-col gap-3" aria-label="New player URLs">
            <p className="text-slate-700">
              Give both to the subscriber now: they are shown only this once (the API keeps a fingerprint, not
              the URLs).
            </p>
            <CopyableUrl
              label="Playlist (M3U) URL"
              url={fresh.playlistUrl}
              hint="The player's playlist, channel list or M3U URL."
            />
            <CopyableUrl
              label="Guide (EPG, XMLTV) URL"
              url={fresh.epgUrl}
              hint="The player's EPG or XMLTV URL (most find it in the playlist)."
            />
          </section>
        ) : issuedAt ? (
          <p className="text-slate-700">
            Issued {formatDateTime(issuedAt)}; the current URLs end in{' '}
            <span className="font-mono">…{hint}/playlist.m3u</span> and{' '}
            <span className="font-mono">…{hint}/epg.xml</span>. Lost? Reissue: the old ones stop at once.
          </p>
        ) : (
          <p className="text-slate-500">None issued. Revoking or moving the box ends its player URLs.</p>
        )}
      </div>
    </Card>
  );
}
