'use client';

import { LOGO_CONTENT_TYPES, LOGO_MAX_BYTES } from '@keten/contracts';
import { Card } from '@keten/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useState } from 'react';
import { formErrorsOf } from '../trpc/errors';
import { useTRPC } from '../trpc/react';

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Upload replaces the logo at once; the API checks the file's bytes, this only saves a pointless round trip. */
export function LogoCard({ channelId, logoUrl }: { channelId: string; logoUrl: string | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [localError, setLocalError] = useState<string>();
  const upload = useMutation(
    trpc.channels.setLogo.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.channels.pathKey() }),
    }),
  );
  const serverError = upload.error ? formErrorsOf(upload.error) : undefined;
  const error = localError ?? serverError?.fields.logo ?? serverError?.form[0];

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    event.currentTarget.value = '';
    upload.reset();
    setLocalError(undefined);
    if (!file) return;
    if (file.size > LOGO_MAX_BYTES) {
      setLocalError(`The logo is ${Math.ceil(file.size / 1024)} KB; the limit is 256 KB.`);
      return;
    }
    if (!(LOGO_CONTENT_TYPES as readonly string[]).includes(file.type)) {
      setLocalError('The logo must be a PNG, SVG, JPEG or WebP image.');
      return;
    }
    upload.mutate({ id: channelId, contentType: file.type, logo: await readBase64(file) });
  }

  return (
    <Card title="Logo" description="PNG, SVG, JPEG or WebP, at most 256 KB.">
      <div className="flex items-center gap-4">
        <div className="flex h-16 w-24 items-center justify-center rounded-md border border-slate-200 bg-slate-50">
          {logoUrl ? (
            // biome-ignore lint/performance/noImgElement: logos come from apps/api, not next/image's loader
            <img src={logoUrl} alt="Current logo" className="max-h-14 max-w-20 object-contain" />
          ) : (
            <span className="text-xs text-slate-500">No logo</span>
          )}
        </div>
        <label className="text-sm">
          <span className="mb-1 block text-xs font-medium text-slate-700">Upload a new logo</span>
          <input
            type="file"
            accept={LOGO_CONTENT_TYPES.join(',')}
            disabled={upload.isPending}
            aria-invalid={error ? true : undefined}
            onChange={(event) => void onFile(event)}
            className="text-xs"
          />
        </label>
      </div>
      {error ? <p className="mt-2 text-xs text-rose-700">{error}</p> : null}
      {upload.isSuccess ? (
        <p className="mt-2 text-xs text-emerald-700" role="status">
          Logo replaced.
        </p>
      ) : null}
    </Card>
  );
}
