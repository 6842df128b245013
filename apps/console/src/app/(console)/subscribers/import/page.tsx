import { LoadingState, PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { requireOperator } from '../../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../../navigation';
import { NotPermitted } from '../../../../shell/not-permitted';
import { ImportForm } from '../../../../subscribers/import-form';

export const metadata: Metadata = { title: 'Import subscribers' };

const item = findNavItem('/subscribers')!;

export default async function Page() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader eyebrow={item.group} title="Import subscribers" description={item.summary} />
      <Suspense fallback={<LoadingState />}>
        <ImportForm />
      </Suspense>
    </>
  );
}
