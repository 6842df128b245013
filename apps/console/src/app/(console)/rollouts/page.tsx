import { buttonClassName, PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { requireOperator } from '../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../navigation';
import { canRunRollouts } from '../../../rollouts/roles';
import { RolloutsTable } from '../../../rollouts/rollouts-table';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Rollouts' };

const item = findNavItem('/rollouts')!;

export default async function RolloutsPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  const canRun = canRunRollouts(operator.role);
  return (
    <>
      <PageHeader
        eyebrow={item.group}
        title={item.label}
        description={item.summary}
        actions={
          canRun ? (
            <Link href="/rollouts/new" className={buttonClassName({})}>
              New rollout
            </Link>
          ) : null
        }
      />
      <RolloutsTable canRun={canRun} />
    </>
  );
}
