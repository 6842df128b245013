'use client';

import { Button, TextField } from '@keten/ui';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { LOGIN_ERROR, loginErrorMessage } from '../../auth/login-errors';

/** Only same-origin paths: a crafted ?callbackUrl= must not send an operator elsewhere. Browser-only. */
function safeCallbackPath(callbackUrl: string | undefined): string {
  if (!callbackUrl) return '/';
  try {
    const url = new URL(callbackUrl, window.location.origin);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/login')) return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

interface LoginFormProps {
  callbackUrl?: string;
  initialError?: string;
}

export function LoginForm({ callbackUrl, initialError }: LoginFormProps) {
  const [error, setError] = useState(initialError ? loginErrorMessage(initialError) : undefined);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      const result = await signIn('credentials', {
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
        redirect: false,
      });
      if (result?.ok && !result.error) {
        // A full load, so the server renders the shell with the new session.
        window.location.assign(safeCallbackPath(callbackUrl));
        return;
      }
      setError(loginErrorMessage(result?.error ?? LOGIN_ERROR.invalidCredentials));
    } catch {
      setError(loginErrorMessage(LOGIN_ERROR.unavailable));
    }
    setBusy(false);
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-col gap-4">
      {error ? (
        <p
          role="alert"
          data-testid="login-error"
          className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-800"
        >
          {error}
        </p>
      ) : null}
      <TextField label="Email" name="email" type="email" autoComplete="username" required autoFocus />
      <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
      <Button type="submit" busy={busy} className="mt-1 w-full">
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
