import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../../navigation';
import { NotPermitted } from '../../../../shell/not-permitted';
import { SubscriberView } from '../../../../subscribers/subscriber-view';

export const metadata: Metadata = { title: 'Subscriber' };

const item = findNavItem('/subscribers')!;

export default async function SubscriberPage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  const { id } = await params;
  return (
    <>
      <PageHeader
        eyebrow={item.group}
        title="Subscriber"
        description="Boxes, entitlements, sessions and subscriptions."
      />
      <SubscriberView id={id} />
    </>
  );
}
