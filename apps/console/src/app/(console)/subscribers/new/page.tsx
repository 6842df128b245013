import { LoadingState, PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { requireOperator } from '../../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../../navigation';
import { NotPermitted } from '../../../../shell/not-permitted';
import { SubscriberForm } from '../../../../subscribers/subscriber-form';

export const metadata: Metadata = { title: 'New subscriber' };

const item = findNavItem('/subscribers')!;

export default async function Page() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader eyebrow={item.group} title="New subscriber" description={item.summary} />
      <Suspense fallback={<LoadingState />}>
        <SubscriberForm />
      </Suspense>
    </>
  );
}
