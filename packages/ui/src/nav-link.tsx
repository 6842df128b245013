import type { ComponentType, ReactNode } from 'react';
import { cn } from './cn';

/** The props NavLink hands to a router's link component (e.g. next/link). */
export interface LinkLikeProps {
  href: string;
  className?: string;
  'aria-current'?: 'page';
  children: ReactNode;
}

export interface NavLinkProps {
  href: string;
  active?: boolean;
  children: ReactNode;
  /** The router's link component; a plain <a> when omitted. */
  linkComponent?: ComponentType<LinkLikeProps>;
}

export function NavLink({ href, active, children, linkComponent: Link }: NavLinkProps) {
  const props: LinkLikeProps = {
    href,
    'aria-current': active ? 'page' : undefined,
    className: cn(
      'flex items-center rounded-md px-2.5 py-1.5 text-sm transition-colors',
      'focus-visible:outline-2 focus-visible:outline-sky-400',
      active
        ? 'bg-slate-800 font-medium text-white'
        : 'text-slate-300 hover:bg-slate-800/60 hover:text-white',
    ),
    children,
  };
  return Link ? <Link {...props} /> : <a {...props} />;
}

/** A titled group of NavLinks in the sidebar. */
export function NavSection({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <div className="mb-4">
      {title ? (
        <p className="mb-1 px-2.5 text-[11px] font-semibold tracking-wider text-slate-400 uppercase">
          {title}
        </p>
      ) : null}
      <ul className="space-y-0.5">{children}</ul>
    </div>
  );
}
