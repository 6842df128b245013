import { type NextRequest, NextResponse } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { serverEnv } from './env';

/** Every console page needs a session; without one the operator lands on /login and comes back after. */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const token = await getToken({ req: request, secret: serverEnv().NEXTAUTH_SECRET });
  if (token?.sub) return NextResponse.next();
  const login = new URL('/login', request.url);
  const { pathname, search } = request.nextUrl;
  if (pathname !== '/') login.searchParams.set('callbackUrl', `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Not: the login page, next-auth's own routes, /trpc (apps/api answers 401 itself), static assets.
  matcher: ['/((?!login|api/auth|trpc|_next/static|_next/image|favicon\\.ico|icon\\.svg).*)'],
};
