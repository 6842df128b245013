import { cn } from '@keten/ui';
import Link from 'next/link';

const TABS = [
  { href: '/flags', label: 'Flags' },
  { href: '/flags/cohorts', label: 'Cohorts' },
  { href: '/flags/config', label: 'Central configuration' },
  { href: '/flags/rails', label: 'Rails' },
] as const;

/** The views of the feature-flags section. */
export function FlagTabs({ active }: { active: (typeof TABS)[number]['href'] }) {
  return (
    <nav aria-label="Feature flags" className="mb-4 flex gap-1 border-b border-slate-200">
      {TABS.map((tab) => (
        <Link
          key={tab.href}
          href={tab.href}
          aria-current={tab.href === active ? 'page' : undefined}
          className={cn(
            '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
            tab.href === active
              ? 'border-sky-700 text-sky-800'
              : 'border-transparent text-slate-600 hover:text-slate-900',
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
