import { buttonClassName, EmptyState } from '@keten/ui';
import Link from 'next/link';

export default function NotFound() {
  return (
    <EmptyState
      title="This page does not exist"
      titleAs="h1"
      description="The address may be mistyped, or the page may have moved."
      action={
        <Link href="/" className={buttonClassName({ variant: 'secondary', size: 'sm' })}>
          Back to home
        </Link>
      }
    />
  );
}
