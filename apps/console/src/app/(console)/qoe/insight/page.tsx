import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../../navigation';
import { QoeInsight } from '../../../../qoe/qoe-insight';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Box & firmware insight' };

const item = findNavItem('/qoe')!;

export default async function QoeInsightPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={item.label}
        title="Box & firmware insight"
        description="Which box types buffer more, which firmware breaks: every figure with its 95 % confidence interval."
      />
      <QoeInsight />
    </>
  );
}
