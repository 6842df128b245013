import { cn } from '@keten/ui';
import Link from 'next/link';

const TABS = [
  { href: '/profiles', label: 'Ladders' },
  { href: '/profiles/compatibility', label: 'Compatibility matrix' },
  { href: '/profiles/box-models', label: 'Box model decoders' },
] as const;

/** The three views of the encoding-profiles section. */
export function ProfileTabs({
  active,
  showLadders = true,
}: {
  active: (typeof TABS)[number]['href'];
  /** Off for roles that read the matrix and decoders but not the ladders (product). */
  showLadders?: boolean;
}) {
  return (
    <nav aria-label="Encoding profiles" className="mb-4 flex gap-1 border-b border-slate-200">
      {TABS.filter((tab) => showLadders || tab.href !== '/profiles').map((tab) => (
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
