'use client';

import type { TRole } from '@keten/contracts';
import { NavLink, NavSection } from '@keten/ui';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { activeNavHref, navItemsFor, type TNavGroup, type TNavItem } from '../navigation';

function groupItems(items: TNavItem[]): [TNavGroup, TNavItem[]][] {
  const groups = new Map<TNavGroup, TNavItem[]>();
  for (const item of items) groups.set(item.group, [...(groups.get(item.group) ?? []), item]);
  return [...groups];
}

export function SidebarNav({ role }: { role: TRole }) {
  const active = activeNavHref(usePathname(), role);
  return (
    <>
      {groupItems(navItemsFor(role)).map(([group, items]) => (
        <NavSection key={group} title={group === 'Overview' ? undefined : group}>
          {items.map((item) => (
            <li key={item.href}>
              <NavLink href={item.href} active={item.href === active} linkComponent={Link}>
                <span className="flex-1">{item.label}</span>
                {item.status === 'planned' ? (
                  <span className="rounded border border-slate-700 px-1 text-[10px] text-slate-400">
                    soon
                  </span>
                ) : null}
              </NavLink>
            </li>
          ))}
        </NavSection>
      ))}
    </>
  );
}
