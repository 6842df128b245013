import { type NextRequest, NextResponse } from 'next/server';
import { getToken } from 'next-auth/jwt';
import { serverEnv } from './env';
import { contentSecurityPolicy, newNonce, STATIC_SECURITY_HEADERS } from './security-headers';

// Reachable without a session: the sign-in page and next-auth's own routes.
const isPublic = (pathname: string) => pathname === '/login' || pathname.startsWith('/api/auth/');

function withSecurityHeaders(response: NextResponse, csp: string): NextResponse {
  response.headers.set('Content-Security-Policy', csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

/**
 * Three jobs before any route renders:
 * - /trpc/* and /media/* are rewritten to apps/api, same-origin so next-auth's session cookie goes along. Done
 *   here, not in next.config rewrites, so API_INTERNAL_URL is read at run time instead of baked into the build.
 *   apps/api sets those responses' security headers itself.
 * - every page gets a CSP with a fresh nonce (and the other security headers); Next finds the nonce in the
 *   request's Content-Security-Policy header and puts it on the scripts it renders.
 * - every console page needs a session; without one the operator lands on /login and comes back after.
 */
export async function proxy(request: NextRequest): Promise<NextResponse> {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith('/trpc/') || pathname.startsWith('/media/')) {
    return NextResponse.rewrite(new URL(`${pathname}${search}`, serverEnv().API_INTERNAL_URL));
  }
  const csp = contentSecurityPolicy(newNonce(), { dev: process.env.NODE_ENV === 'development' });
  const token = isPublic(pathname)
    ? null
    : await getToken({ req: request, secret: serverEnv().NEXTAUTH_SECRET });
  if (isPublic(pathname) || token?.sub) {
    const headers = new Headers(request.headers);
    headers.set('Content-Security-Policy', csp);
    return withSecurityHeaders(NextResponse.next({ request: { headers } }), csp);
  }
  const login = new URL('/login', request.url);
  if (pathname !== '/') login.searchParams.set('callbackUrl', `${pathname}${search}`);
  return withSecurityHeaders(NextResponse.redirect(login), csp);
}

export const config = {
  // Everything but build assets (content-hashed files that carry no markup).
  matcher: ['/((?!_next/static|_next/image|favicon\\.ico|icon\\.svg).*)'],
};
