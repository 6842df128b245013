import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../../auth/require-operator';
import { RailEditor } from '../../../../../flags/rails/rail-editor';
import { canEditFlags } from '../../../../../flags/roles';
import { canOpen, findNavItem } from '../../../../../navigation';
import { NotPermitted } from '../../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Rail' };

const item = findNavItem('/flags')!;

export default async function RailPage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  const { id } = await params;
  return (
    <>
      <PageHeader
        eyebrow="Rails"
        title="Edit rail"
        description="Variants of ordered channels and promotions, targeting rules and default; every save is a version."
      />
      <RailEditor id={id} canEdit={canEditFlags(operator.role)} />
    </>
  );
}
