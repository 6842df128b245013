import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CLIENT_ADDRESS_HEADER, checkClientAddress } from '@keten/contracts/console-channel';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loginWithApi } from './api-login';
import { LOGIN_ERROR, rateLimitedCode } from './login-errors';

const SECRET = 'a-console-secret-that-is-at-least-32-characters';

// Stands in for apps/api at the HTTP boundary: records what the console sent, answers what the test says.
let server: Server;
const received: IncomingHttpHeaders[] = [];
let answer = { status: 401, body: {} as Record<string, unknown> };

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(req.headers);
    req.resume();
    res.writeHead(answer.status, { 'content-type': 'application/problem+json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    NEXTAUTH_SECRET: SECRET,
    NEXTAUTH_URL: 'http://127.0.0.1:3000',
    API_INTERNAL_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('loginWithApi', () => {
  it('always signs the client-address header, "unknown" when its server could not place the client', async () => {
    const email = 'noc@keten.demo';
    await expect(loginWithApi({ email, password: 'x', clientAddress: '203.0.113.7' })).resolves.toBeNull();
    await expect(loginWithApi({ email, password: 'x', clientAddress: null })).resolves.toBeNull();
    const [placed, unplaced] = received.slice(-2).map((headers) => headers[CLIENT_ADDRESS_HEADER]);
    expect(checkClientAddress(SECRET, placed, email)).toEqual({ verdict: 'vouched', address: '203.0.113.7' });
    expect(checkClientAddress(SECRET, unplaced, email)).toEqual({ verdict: 'vouched', address: null });
  });

  it('tells a refusal about the account from one about this place (429 limit)', async () => {
    const attempt = () => loginWithApi({ email: 'noc@keten.demo', password: 'x', clientAddress: null });
    answer = { status: 429, body: { code: 'RATE_LIMITED', retryAfterSeconds: 2820, limit: 'account' } };
    await expect(attempt()).rejects.toThrow(rateLimitedCode(2820, true));
    answer = { status: 429, body: { code: 'RATE_LIMITED', retryAfterSeconds: 8, limit: 'account-address' } };
    await expect(attempt()).rejects.toThrow(rateLimitedCode(8));
  });

  it("says in the console's log why apps/api refused it (403), and shows the operator 'unavailable'", async () => {
    answer = { status: 403, body: { code: 'CONSOLE_ONLY', message: 'its header carries a bad signature' } };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await expect(
        loginWithApi({ email: 'noc@keten.demo', password: 'x', clientAddress: null }),
      ).rejects.toThrow(LOGIN_ERROR.unavailable);
      expect(String(logged.mock.calls[0]?.[0])).toContain(
        '403 to a login: its header carries a bad signature',
      );
    } finally {
      logged.mockRestore();
    }
  });
});
