import { Badge, EmptyState, PageHeader } from '@keten/ui';
import type { TNavItem } from '../navigation';

/** The designed placeholder for a page a later release builds. */
export function ComingSoon({ item }: { item: TNavItem }) {
  return (
    <>
      <PageHeader title={item.label} eyebrow={item.group} description={item.summary} />
      <EmptyState
        icon={<Badge tone="info">Planned</Badge>}
        title="Coming in a later release"
        description={`${item.label} is part of Keten’s plan and is not built yet. The navigation already shows where it will live.`}
      />
    </>
  );
}
