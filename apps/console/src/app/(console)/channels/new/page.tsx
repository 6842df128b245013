import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { ChannelForm } from '../../../../channels/channel-form';
import { canOpen, findNavItem } from '../../../../navigation';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'New channel' };

const item = findNavItem('/channels')!;

export default async function NewChannelPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={item.label}
        title="New channel"
        description="Give it a free LCN and at least a primary feed; add backups in failover order. Add the logo after saving."
      />
      <div className="max-w-4xl">
        <ChannelForm />
      </div>
    </>
  );
}
