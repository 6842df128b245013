import type { NextRequest } from 'next/server';
import NextAuth from 'next-auth';
import { getAuthOptions } from '../../../../auth/options';

interface RouteContext {
  params: Promise<{ nextauth: string[] }>;
}

async function handler(req: NextRequest, context: RouteContext): Promise<Response> {
  return NextAuth(req, context, getAuthOptions());
}

export { handler as GET, handler as POST };
