import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../navigation';
import { QoeLive } from '../../../qoe/qoe-live';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Live QoE' };

const item = findNavItem('/qoe')!;

export default async function QoePage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader eyebrow={item.group} title={item.label} description={item.summary} />
      <QoeLive />
    </>
  );
}
