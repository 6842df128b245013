import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../navigation';
import { ScheduleView } from '../../../schedule/schedule-view';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Schedule' };

const item = findNavItem('/schedule')!;

export default async function SchedulePage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={item.group}
        title={item.label}
        description={`${item.summary} Times are Amsterdam time.`}
      />
      <ScheduleView canEdit={operator.role === 'CONTENT' || operator.role === 'ADMIN'} />
    </>
  );
}
