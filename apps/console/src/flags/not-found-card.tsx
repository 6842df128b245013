import { buttonClassName, EmptyState } from '@keten/ui';
import Link from 'next/link';

/** A designed "no such thing" for a mistyped or deleted id (flags and rails). */
export function NotFoundCard({ what, back }: { what: string; back: { href: string; label: string } }) {
  return (
    <EmptyState
      title={`No ${what} with this id`}
      description={`It may have been mistyped, or the ${what} may no longer exist.`}
      action={
        <Link href={back.href} className={buttonClassName({ variant: 'secondary', size: 'sm' })}>
          {back.label}
        </Link>
      }
    />
  );
}
