import { ROLE_LABELS } from '@keten/contracts';
import { AppShell } from '@keten/ui';
import type { ReactNode } from 'react';
import { AlertBell } from '../../alerts/alert-bell';
import { requireOperator } from '../../auth/require-operator';
import { SidebarNav } from '../../shell/sidebar-nav';
import { SignOutButton } from '../../shell/sign-out-button';
import { TRPCReactProvider } from '../../trpc/react';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const operator = await requireOperator();
  return (
    <TRPCReactProvider>
      <AppShell
        productName="Keten"
        navigation={<SidebarNav role={operator.role} />}
        operator={{ name: operator.name, roleLabel: ROLE_LABELS[operator.role] }}
        notifications={operator.role === 'NOC' || operator.role === 'ADMIN' ? <AlertBell /> : null}
        signOut={<SignOutButton />}
      >
        {children}
      </AppShell>
    </TRPCReactProvider>
  );
}
