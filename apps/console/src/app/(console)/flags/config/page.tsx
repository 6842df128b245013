import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { ConfigEditor } from '../../../../flags/config-editor';
import { FlagTabs } from '../../../../flags/flag-tabs';
import { canEditFlags } from '../../../../flags/roles';
import { canOpen, findNavItem } from '../../../../navigation';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Central configuration' };

const item = findNavItem('/flags')!;

export default async function ConfigPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={item.label}
        title="Central configuration"
        description="The settings every box reads from /v1/config, versioned, with overrides per cohort."
      />
      <FlagTabs active="/flags/config" />
      <ConfigEditor canEdit={canEditFlags(operator.role)} />
    </>
  );
}
