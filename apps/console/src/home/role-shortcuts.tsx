import type { TRole } from '@keten/contracts';
import { Badge, Card } from '@keten/ui';
import Link from 'next/link';
import { navItemsFor } from '../navigation';

/** The role's pages with one line each, so a home also tells what the console will offer. */
export function RoleShortcuts({ forRole, title = 'Your pages' }: { forRole: TRole; title?: string }) {
  const items = navItemsFor(forRole).filter((item) => item.href !== '/');
  return (
    <Card title={title} flush>
      <ul className="divide-y divide-slate-100">
        {items.map((item) => (
          <li key={item.href} className="flex items-start gap-3 px-4 py-2.5">
            <div className="min-w-0 flex-1">
              <Link href={item.href} className="text-sm font-medium text-sky-800 hover:underline">
                {item.label}
              </Link>
              <p className="text-xs text-slate-500">{item.summary}</p>
            </div>
            {item.status === 'planned' ? (
              <Badge>Later release</Badge>
            ) : (
              <Badge tone="success">Available</Badge>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
