import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { CohortsView } from '../../../../flags/cohorts-view';
import { FlagTabs } from '../../../../flags/flag-tabs';
import { canEditFlags } from '../../../../flags/roles';
import { canOpen, findNavItem } from '../../../../navigation';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Cohorts' };

const item = findNavItem('/flags')!;

export default async function CohortsPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={item.label}
        title="Cohorts"
        description="Sets of boxes by model, firmware, app version, region, package or id, with a sticky share."
      />
      <FlagTabs active="/flags/cohorts" />
      <CohortsView canEdit={canEditFlags(operator.role)} />
    </>
  );
}
