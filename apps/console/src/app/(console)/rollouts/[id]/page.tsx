import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { requireOperator } from '../../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../../navigation';
import { canRunRollouts } from '../../../../rollouts/roles';
import { RolloutDetail } from '../../../../rollouts/rollout-detail';
import { NotPermitted } from '../../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Rollout' };

const item = findNavItem('/rollouts')!;

export default async function RolloutPage({ params }: { params: Promise<{ id: string }> }) {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  const { id } = await params;
  return (
    <>
      <PageHeader
        eyebrow={item.label}
        title="Rollout"
        description="Waves, guardrails against the control, and every state change."
      />
      <RolloutDetail id={id} canRun={canRunRollouts(operator.role)} />
    </>
  );
}
