import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { AuditView } from '../../../audit/audit-view';
import { requireOperator } from '../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../navigation';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Audit log' };

const item = findNavItem('/audit')!;

export default async function AuditPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader eyebrow={item.group} title={item.label} description={item.summary} />
      <AuditView />
    </>
  );
}
