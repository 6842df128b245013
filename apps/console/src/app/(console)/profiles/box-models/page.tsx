import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../../navigation';
import { BoxModelsView } from '../../../../profiles/box-models-view';
import { ProfileTabs } from '../../../../profiles/profile-tabs';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Box model decoders' };

const item = findNavItem('/profiles')!;
// Product managers reach this page from their own nav item, without the ladders.
const productItem = findNavItem('/profiles/box-models')!;

export default async function BoxModelsPage() {
  const operator = await requireOperator();
  const ladders = canOpen(operator.role, item);
  if (!ladders && !canOpen(operator.role, productItem)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={ladders ? item.group : productItem.group}
        title="Box model decoders"
        description="What each box model can decode: the compatibility matrix and the profile guard read these."
      />
      <ProfileTabs active="/profiles/box-models" showLadders={ladders} />
      <BoxModelsView canEdit={operator.role === 'CONTENT' || operator.role === 'ADMIN'} />
    </>
  );
}
