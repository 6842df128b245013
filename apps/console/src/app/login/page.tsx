import type { Metadata } from 'next';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

interface LoginPageProps {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }>;
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { callbackUrl, error } = await searchParams;
  return (
    <main className="flex min-h-dvh items-center justify-center bg-slate-900 px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2">
          <span aria-hidden className="size-3 rounded-sm bg-sky-400" />
          <span className="text-lg font-semibold tracking-wide text-white">Keten</span>
        </div>
        <div className="rounded-lg bg-white p-6 shadow-lg">
          <h1 className="text-base font-semibold text-slate-900">Sign in to the operations console</h1>
          <p className="mt-1 mb-5 text-xs text-slate-500">
            Use the operator account your administrator gave you.
          </p>
          <LoginForm
            callbackUrl={typeof callbackUrl === 'string' ? callbackUrl : undefined}
            initialError={typeof error === 'string' ? error : undefined}
          />
        </div>
      </div>
    </main>
  );
}
