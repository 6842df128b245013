import { LoadingState, PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { requireOperator } from '../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../navigation';
import { NotPermitted } from '../../../shell/not-permitted';
import { SupportSearch } from '../../../support/support-search';

export const metadata: Metadata = { title: 'Support lookup' };

const item = findNavItem('/support')!;

export default async function SupportPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader eyebrow={item.group} title={item.label} description={item.summary} />
      <Suspense fallback={<LoadingState variant="table" />}>
        <SupportSearch />
      </Suspense>
    </>
  );
}
