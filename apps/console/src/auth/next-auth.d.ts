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
  /** apps/api reads `sub` (operator id), `sid`, `sv` and `sessionEndsAt` from this token (src/auth/session.ts there). */
  interface JWT {
    role?: TRole;
    /** This sign-in's id, kept through every re-encryption of the cookie: what sign-out revokes. */
    sid?: string;
    /** The operator's sessionVersion at sign-in: disabling the operator raises it, ending this session. */
    sv?: number;
    /** Unix seconds, fixed at sign-in: the session's hard end. */
    sessionEndsAt?: number;
  }
}
