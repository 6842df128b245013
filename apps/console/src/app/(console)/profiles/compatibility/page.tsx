import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../../navigation';
import { CompatibilityMatrix } from '../../../../profiles/compatibility-matrix';
import { ProfileTabs } from '../../../../profiles/profile-tabs';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Compatibility matrix' };

const item = findNavItem('/profiles')!;

export default async function CompatibilityPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={item.group}
        title="Compatibility matrix"
        description="For each package: the ladders its channels pin, against the box models of its active subscribers. A red cell is a box that can play none of the rungs."
      />
      <ProfileTabs active="/profiles/compatibility" />
      <CompatibilityMatrix />
    </>
  );
}
