import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../../navigation';
import { CompatibilityMatrix } from '../../../../profiles/compatibility-matrix';
import { ProfileTabs } from '../../../../profiles/profile-tabs';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Compatibility matrix' };

const item = findNavItem('/profiles')!;
// Product managers reach this page from their own nav item, without the ladders.
const productItem = findNavItem('/profiles/compatibility')!;

export default async function CompatibilityPage() {
  const operator = await requireOperator();
  const ladders = canOpen(operator.role, item);
  if (!ladders && !canOpen(operator.role, productItem)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={ladders ? item.group : productItem.group}
        title="Compatibility matrix"
        description="For each package: the ladders its channels pin, against the box models of its active subscribers. A red cell is a box that can play none of the rungs."
      />
      <ProfileTabs active="/profiles/compatibility" showLadders={ladders} />
      <CompatibilityMatrix />
    </>
  );
}
