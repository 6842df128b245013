import type { TRole } from '@keten/contracts';
import type { TDeps } from '../deps';

export interface TOperatorIdentity {
  id: string;
  email: string;
  name: string;
  role: TRole;
}

export interface TContext extends TDeps {
  /** Fastify's id of the HTTP request (in its log lines and X-Request-Id); absent for direct callers. */
  requestId?: string;
  operator: TOperatorIdentity | null;
  /** Why the session could not be checked (a store failed): an operator procedure then answers 500. */
  identifyFailure?: unknown;
  ip: string | null;
}
