import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireOperator } from '../../../../../auth/require-operator';
import { ChannelHealth } from '../../../../../channels/health/channel-health';
import { canOpen, findNavItem } from '../../../../../navigation';

export const metadata: Metadata = { title: 'Channel health' };

const channels = findNavItem('/channels')!;
const feeds = findNavItem('/feeds')!;

interface Props {
  params: Promise<{ id: string }>;
}

/**
 * Every role may read a channel's feed health (the NOC above all, who cannot open the channel editor);
 * content and the NOC run live ingest, probes and QC thresholds. apps/api enforces the same roles.
 */
export default async function ChannelHealthPage({ params }: Props) {
  const operator = await requireOperator();
  const { id } = await params;
  const canOperate = ['ADMIN', 'CONTENT', 'NOC'].includes(operator.role);
  return (
    <>
      <PageHeader
        eyebrow={channels.label}
        title="Feed health"
        actions={
          <>
            {canOpen(operator.role, feeds) ? (
              <Link href="/feeds" className="text-sm text-sky-800 hover:underline">
                All feeds
              </Link>
            ) : null}
            {canOpen(operator.role, channels) ? (
              <Link href={`/channels/${id}`} className="text-sm text-sky-800 hover:underline">
                Edit channel
              </Link>
            ) : null}
          </>
        }
      />
      <ChannelHealth id={id} canOperate={canOperate} />
    </>
  );
}
