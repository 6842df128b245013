import { PageHeader } from '@keten/ui';
import type { Metadata } from 'next';
import { AlertHistory } from '../../../alerts/alert-history';
import { DeliveriesCard } from '../../../alerts/deliveries-card';
import { FiringAlerts } from '../../../alerts/firing-alerts';
import { RuleForm } from '../../../alerts/rule-form';
import { RulesCard } from '../../../alerts/rules-card';
import { WebhooksCard } from '../../../alerts/webhooks-card';
import { requireOperator } from '../../../auth/require-operator';
import { canOpen, findNavItem } from '../../../navigation';
import { NotPermitted } from '../../../shell/not-permitted';

export const metadata: Metadata = { title: 'Alerts' };

const item = findNavItem('/alerts')!;

export default async function AlertsPage() {
  const operator = await requireOperator();
  if (!canOpen(operator.role, item)) return <NotPermitted item={item} />;
  return (
    <>
      <PageHeader eyebrow={item.group} title={item.label} description={item.summary} />
      <div className="flex flex-col gap-5">
        <FiringAlerts />
        <RulesCard />
        <RuleForm />
        <AlertHistory />
        <DeliveriesCard />
        {operator.role === 'ADMIN' ? <WebhooksCard /> : null}
      </div>
    </>
  );
}
