import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../navigation';
import { LineupPreview } from '../../../packages/lineup-preview';
import { PackageForm } from '../../../packages/package-form';
import { PackagesTable } from '../../../packages/packages-table';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Packages' };

const item = findNavItem('/packages')!;

export default async function PackagesPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader eyebrow={item.group} title={item.label} description={item.summary} />
      <div className="grid items-start gap-5 xl:grid-cols-3">
        <div className="space-y-5 xl:col-span-2">
          <PackagesTable />
          <LineupPreview />
        </div>
        <PackageForm />
      </div>
    </>
  );
}
