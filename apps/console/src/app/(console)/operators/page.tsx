import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../navigation';
import { CreateOperatorForm } from '../../../operators/create-operator-form';
import { OperatorsTable } from '../../../operators/operators-table';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Operators' };

const item = findNavItem('/operators')!;

export default async function OperatorsPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader eyebrow={item.group} title={item.label} description={item.summary} />
      <div className="grid items-start gap-5 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0">
          <OperatorsTable currentOperatorId={operator.id} />
        </div>
        <CreateOperatorForm />
      </div>
    </>
  );
}
