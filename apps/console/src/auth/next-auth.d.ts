import type { TRole } from '@keten/contracts';
import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface User {
    role: TRole;
    /** The operator's sessionVersion at sign-in (apps/api /auth/login). */
    sessionVersion: number;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: TRole };
  }
}

declare module 'next-auth/jwt' {
  /** `sub` is the operator id: apps/api reads it from this token. */
  interface JWT {
    role?: TRole;
  }
}
