import { ROLES } from '@keten/contracts';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS } from '../../test/access';
import { startTestApi } from '../../test/harness';
import { appRouter } from './router';
import { createCallerFactory } from './trpc';

type TProcedureCall = (input?: unknown) => Promise<unknown>;

function procedureAt(caller: unknown, path: string): TProcedureCall {
  const target = path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return target as TProcedureCall;
}

async function errorCodeOf(call: Promise<unknown>): Promise<string | null> {
  try {
    await call;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? error.code : 'NOT_A_TRPC_ERROR';
  }
}

describe('role matrix: every procedure × every role', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const createCaller = createCallerFactory(appRouter);
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  it('lists every procedure of the router', () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(ACCESS).sort());
  });

  for (const [path, allowed] of Object.entries(ACCESS)) {
    for (const role of ROLES) {
      const expected = allowed.includes(role) ? 'allowed' : 'FORBIDDEN';
      it(`${path} as ${role}: ${expected}`, async () => {
        // No input: allowed callers get past authorization (then succeed or fail validation), others stop at it.
        const code = await errorCodeOf(procedureAt(createCaller(api.contextFor(role)), path)());
        if (expected === 'FORBIDDEN') expect(code).toBe('FORBIDDEN');
        else expect([null, 'BAD_REQUEST']).toContain(code);
      });
    }
    it(`${path} without a session: UNAUTHORIZED`, async () => {
      expect(await errorCodeOf(procedureAt(createCaller(api.contextFor(null)), path)())).toBe('UNAUTHORIZED');
    });
  }
});
