import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { ChannelDetail } from '../../../../channels/channel-detail';
import { canOpen, findNavItem } from '../../../../navigation';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Channel' };

const item = findNavItem('/channels')!;

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string }>;
}

export default async function ChannelPage({ params, searchParams }: Props) {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  const [{ id }, { created }] = await Promise.all([params, searchParams]);
  return (
    <>
      <PageHeader eyebrow={item.label} title="Edit channel" />
      <ChannelDetail id={id} justCreated={created === '1'} />
    </>
  );
}
