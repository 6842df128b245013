import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { DeviceView } from '../../../../devices/device-view';
import { canOpen, findNavItem } from '../../../../navigation';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Box' };

const item = findNavItem('/devices')!;

export default async function DevicePage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  const { id } = await params;
  return (
    <>
      <PageHeader eyebrow={item.group} title="Box" description={item.summary} />
      <DeviceView
        id={id}
        canEdit={operator.role !== 'PRODUCT'}
        canSeeSessions={operator.role !== 'PRODUCT'}
      />
    </>
  );
}
