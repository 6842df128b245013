import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { FlagEditor } from '../../../../flags/flag-editor';
import { canEditFlags } from '../../../../flags/roles';
import { canOpen, findNavItem } from '../../../../navigation';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Feature flag' };

const item = findNavItem('/flags')!;

export default async function FlagPage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  const { id } = await params;
  return (
    <>
      <PageHeader
        eyebrow={item.label}
        title="Edit flag"
        description="Variants, ordered targeting rules, default and kill switch; every save is a version."
      />
      <FlagEditor id={id} canEdit={canEditFlags(operator.role)} />
    </>
  );
}
