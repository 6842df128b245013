import { LoadingState, PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { requireOperator } from '../../../../auth/require-operator';
import { DeliveryView } from '../../../../delivery/delivery-view';
import { canOpen, findNavItem } from '../../../../navigation';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Delivery' };

const item = findNavItem('/qoe')!;

export default async function QoeDeliveryPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={item.label}
        title="Delivery"
        description="Each CDN edge and the origin: hit ratio, errors, time to first byte and bytes, next to the QoE of the sessions they served."
      />
      <Suspense fallback={<LoadingState variant="table" rows={4} label="Loading delivery…" />}>
        <DeliveryView />
      </Suspense>
    </>
  );
}
