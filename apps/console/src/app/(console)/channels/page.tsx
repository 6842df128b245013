import { buttonClassName, PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireOperator } from '../../../auth/require-operator';
import { ChannelsTable } from '../../../channels/channels-table';
import { canOpen, findNavItem } from '../../../navigation';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Channels' };

const item = findNavItem('/channels')!;

export default async function ChannelsPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={item.group}
        title={item.label}
        description={item.summary}
        actions={
          <Link href="/channels/new" className={buttonClassName()}>
            New channel
          </Link>
        }
      />
      <ChannelsTable canEdit />
    </>
  );
}
