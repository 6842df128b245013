import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../../navigation';
import { PackageDetail } from '../../../../packages/package-detail';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Package' };

const item = findNavItem('/packages')!;

export default async function PackagePage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  const { id } = await params;
  return (
    <>
      <PageHeader eyebrow={item.label} title="Edit package" description="Its details and its channels." />
      <PackageDetail id={id} />
    </>
  );
}
