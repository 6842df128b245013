import { type NextRequest, NextResponse } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { serverEnv } from './env';

/**
 * Two jobs before any route renders:
 * - /trpc/* is rewritten to apps/api, same-origin so next-auth's session cookie goes along. Done here,
 *   not in next.config rewrites, so API_INTERNAL_URL is read at run time instead of baked into the build.
 * - every console page needs a session; without one the operator lands on /login and comes back after.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith('/trpc/') || pathname.startsWith('/media/')) {
    return NextResponse.rewrite(new URL(`${pathname}${search}`, serverEnv().API_INTERNAL_URL));
  }
  const token = await getToken({ req: request, secret: serverEnv().NEXTAUTH_SECRET });
  if (token?.sub) return NextResponse.next();
  const login = new URL('/login', request.url);
  if (pathname !== '/') login.searchParams.set('callbackUrl', `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Not: the login page, next-auth's own routes, static assets. apps/api answers /trpc's 401s itself.
  matcher: ['/trpc/:path*', '/((?!login|api/auth|trpc|_next/static|_next/image|favicon\\.ico|icon\\.svg).*)'],
};
