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
  // The header names the rollout: the client part draws it once the rollout is loaded.
  return <RolloutDetail id={id} canRun={canRunRollouts(operator.role)} eyebrow={item.label} />;
}
