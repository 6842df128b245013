import { EmptyState, PageHeader } from '@keten/ui';
import type { TNavItem } from '../navigation';

/** Shown instead of a page the operator's role may not open (the API refuses its data anyway). */
export function NotPermitted({ item }: { item: TNavItem }) {
  return (
    <>
      <PageHeader title={item.label} eyebrow={item.group} />
      <EmptyState
        title="Your role does not include this page"
        description="Ask an administrator if you need access."
      />
    </>
  );
}
