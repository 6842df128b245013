import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../auth/require-operator';
import { FlagTabs } from '../../../flags/flag-tabs';
import { FlagsTable } from '../../../flags/flags-table';
import { NewFlagForm } from '../../../flags/new-flag-form';
import { canEditFlags } from '../../../flags/roles';
import { canOpen, findNavItem } from '../../../navigation';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Feature flags' };

const item = findNavItem('/flags')!;

export default async function FlagsPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader eyebrow={item.group} title={item.label} description={item.summary} />
      <FlagTabs active="/flags" />
      <div className="grid items-start gap-5 xl:grid-cols-3">
        <div className="xl:col-span-2">
          <FlagsTable />
        </div>
        {canEditFlags(operator.role) ? <NewFlagForm /> : null}
      </div>
    </>
  );
}
