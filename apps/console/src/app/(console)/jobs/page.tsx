import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../auth/require-operator';
import { JobsTable } from '../../../jobs/jobs-table';
import { NewTranscodeForm } from '../../../jobs/new-transcode-form';
import { QueueDepths } from '../../../jobs/queue-depths';
import { canOpen, findNavItem } from '../../../navigation';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Jobs' };

const item = findNavItem('/jobs')!;

export default async function JobsPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  const canCreate = operator.role === 'CONTENT' || operator.role === 'ADMIN';
  return (
    <>
      <PageHeader eyebrow={item.group} title={item.label} description={item.summary} />
      <div className="flex flex-col gap-5">
        <div className="grid items-start gap-5 xl:grid-cols-3">
          <div className="min-w-0 xl:col-span-2">
            <QueueDepths />
          </div>
          {canCreate ? <NewTranscodeForm /> : null}
        </div>
        <JobsTable />
      </div>
    </>
  );
}
