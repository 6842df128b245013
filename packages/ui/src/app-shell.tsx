import type { ReactNode } from 'react';
import { Badge } from './badge';

export interface AppShellProps {
  productName: string;
  /** Sidebar content, usually NavSections of NavLinks. */
  navigation: ReactNode;
  operator: { name: string; roleLabel: string };
  /** The sign-out control (a Button wired to the app's auth). */
  signOut: ReactNode;
  /** Optional header control before the operator's name (the console's alert bell). */
  notifications?: ReactNode;
  children: ReactNode;
}

export function AppShell({
  productName,
  navigation,
  operator,
  signOut,
  notifications,
  children,
}: AppShellProps) {
  return (
    <div className="flex min-h-dvh bg-slate-50 text-slate-900">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-10 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-sm"
      >
        Skip to content
      </a>
      <aside className="sticky top-0 flex h-dvh w-56 shrink-0 flex-col bg-slate-900">
        <div className="flex h-12 items-center gap-2 border-b border-slate-800 px-4">
          <span aria-hidden className="size-2.5 rounded-sm bg-sky-400" />
          <span className="text-sm font-semibold tracking-wide text-white">{productName}</span>
        </div>
        <nav aria-label="Main" className="flex-1 overflow-y-auto px-2 py-4">
          {navigation}
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-12 shrink-0 items-center justify-end gap-3 border-b border-slate-200 bg-white px-5">
          {notifications}
          <div className="flex items-center gap-2 text-sm">
            <span className="sr-only">Signed in as</span>
            <span className="font-medium text-slate-800" data-testid="operator-name">
              {operator.name}
            </span>
            <Badge tone="info">{operator.roleLabel}</Badge>
          </div>
          {signOut}
        </header>
        <main id="main" className="flex-1 px-6 py-5">
          {children}
        </main>
      </div>
    </div>
  );
}
