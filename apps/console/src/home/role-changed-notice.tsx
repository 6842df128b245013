import { ROLE_LABELS, type TRole } from '@keten/contracts';
import { SignOutButton } from '../shell/sign-out-button';

/**
 * apps/api reads the role from the database on every request; the console's menu follows the session,
 * fixed at sign-in. When they differ, say so rather than show pages the API will refuse.
 */
export function RoleChangedNotice({ currentRole }: { currentRole: TRole }) {
  return (
    <div
      role="status"
      className="mb-5 flex items-center justify-between gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p>
        An administrator changed your role to <strong>{ROLE_LABELS[currentRole]}</strong>. Sign in again to
        see the matching pages.
      </p>
      <SignOutButton />
    </div>
  );
}
