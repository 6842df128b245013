import { ZRoleSchema } from '@keten/contracts';
import type { AuthOptions } from 'next-auth';
import { encode, type JWT } from 'next-auth/jwt';
import CredentialsProvider from 'next-auth/providers/credentials';
import { serverEnv, type TServerEnv } from '../env';
import { loginWithApi } from './api-login';
import { endSessionAtApi } from './api-sign-out';
import { trustedClientAddress } from './client-address';

/** An operator's shift: the session ends 8 hours after signing in, however active, and must be renewed by signing in. */
const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** Seconds the session token may still live: never past the session's end fixed at sign-in. */
export function secondsLeft(token: JWT | undefined, maxAge: number, now = Date.now()): number {
  const end = token?.sessionEndsAt;
  return typeof end === 'number' ? Math.max(0, Math.min(maxAge, Math.floor(end - now / 1000))) : maxAge;
}

/** Built on first use, not at import: `next build` imports this module without secrets. */
export function getAuthOptions(env: TServerEnv = serverEnv()): AuthOptions {
  return {
    secret: env.NEXTAUTH_SECRET,
    // Behind https the cookie is `__Secure-next-auth.session-token` with Secure; plain on http://127.0.0.1 (demo).
    // getToken (proxy.ts) and apps/api pick the same name from the same NEXTAUTH_URL / both names.
    useSecureCookies: new URL(env.NEXTAUTH_URL).protocol === 'https:',
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: {
      maxAge: SESSION_MAX_AGE_SECONDS,
      // next-auth re-encrypts the cookie whenever the session is read; its expiry must not slide past the end.
      encode: (params) =>
        encode({ ...params, maxAge: secondsLeft(params.token, params.maxAge ?? SESSION_MAX_AGE_SECONDS) }),
    },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Keten',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
        },
        async authorize(credentials, req) {
          const email = credentials?.email?.trim() ?? '';
          const password = credentials?.password ?? '';
          if (!email || !password) return null;
          return loginWithApi({ email, password, clientAddress: trustedClientAddress(req.headers) });
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // `user` is only present right after authorize(); later calls keep the token (and its sid) as is.
        if (user) {
          token.sub = user.id;
          token.email = user.email;
          token.name = user.name;
          token.role = user.role;
          token.sid = crypto.randomUUID();
          token.sv = user.sessionVersion;
          token.sessionEndsAt = Math.floor(Date.now() / 1000) + SESSION_MAX_AGE_SECONDS;
        }
        return token;
      },
      session({ session, token }) {
        const role = ZRoleSchema.safeParse(token.role);
        if (token.sub && role.success) {
          session.user = {
            id: token.sub,
            email: token.email ?? '',
            name: token.name ?? token.email ?? '',
            role: role.data,
          };
        }
        return session;
      },
    },
    events: {
      // The cookie is deleted in the browser either way; this ends the session at apps/api for every copy of it.
      signOut: ({ token }) => endSessionAtApi(token),
    },
  };
}
