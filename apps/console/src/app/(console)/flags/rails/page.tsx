import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { FlagTabs } from '../../../../flags/flag-tabs';
import { NewRailForm, RailsPreview, RailsTable } from '../../../../flags/rails/rails-list';
import { canEditFlags } from '../../../../flags/roles';
import { canOpen, findNavItem } from '../../../../navigation';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Rails' };

const item = findNavItem('/flags')!;

export default async function RailsPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={item.label}
        title="Rails"
        description="Server-driven content: rows of channels and promotions on boxes’ home screens, targeted at cohorts like a flag."
      />
      <FlagTabs active="/flags/rails" />
      <div className="grid items-start gap-5 xl:grid-cols-3">
        <div className="space-y-5 xl:col-span-2">
          <RailsTable />
          <RailsPreview />
        </div>
        {canEditFlags(operator.role) ? <NewRailForm /> : null}
      </div>
    </>
  );
}
