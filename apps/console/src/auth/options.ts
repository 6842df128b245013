import { ZRoleSchema } from '@keten/contracts';
import type { AuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { serverEnv } from '../env';
import { clientAddressFrom, loginWithApi } from './api-login';

/** An operator's shift: the session ends after 8 hours and must be renewed by signing in. */
const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** Built on first use, not at import: `next build` imports this module without secrets. */
export function getAuthOptions(): AuthOptions {
  return {
    secret: serverEnv().NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
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
          return loginWithApi({ email, password, clientAddress: clientAddressFrom(req.headers) });
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        // `user` is only present right after authorize(); later calls keep the token as is.
        if (user) {
          token.sub = user.id;
          token.email = user.email;
          token.name = user.name;
          token.role = user.role;
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
  };
}
