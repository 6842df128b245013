'use client';

import { Button } from '@keten/ui';
import { signOut } from 'next-auth/react';
import { useState } from 'react';

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      busy={busy}
      onClick={async () => {
        setBusy(true);
        // No next-auth redirect: its absolute URL follows NEXTAUTH_URL, which may differ from the host in use.
        await signOut({ redirect: false });
        window.location.assign('/login');
      }}
    >
      Sign out
    </Button>
  );
}
