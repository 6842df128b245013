import { buttonClassName } from '@keten/ui';
import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-3 text-center">
      <h1 className="text-sm font-semibold text-slate-800">This page does not exist</h1>
      <Link href="/" className={buttonClassName({ variant: 'secondary', size: 'sm' })}>
        Back to home
      </Link>
    </main>
  );
}
