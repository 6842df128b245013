import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../../navigation';
import { NewRolloutForm } from '../../../../rollouts/new-rollout-form';
import { canRunRollouts } from '../../../../rollouts/roles';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'New rollout' };

const item = findNavItem('/rollouts')!;

export default async function NewRolloutPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item) || !canRunRollouts(operator.role)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader
        eyebrow={item.label}
        title="New rollout"
        description="A firmware, the cohort it goes to, its waves and the guardrails that halt it."
      />
      <NewRolloutForm />
    </>
  );
}
