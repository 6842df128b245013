import { LoadingState, PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { requireOperator } from '../../../auth/require-operator';
import { DevicesTable } from '../../../devices/devices-table';
import { canOpen, findNavItem } from '../../../navigation';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Devices' };

const item = findNavItem('/devices')!;

export default async function Page() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader eyebrow={item.group} title="Devices" description={item.summary} />
      <Suspense fallback={<LoadingState variant="table" />}>
        <DevicesTable showOwner={operator.role !== 'PRODUCT'} />
      </Suspense>
    </>
  );
}
