import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createTcpServer, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { safeFetch, type TSafeFetchPolicy } from './safe-fetch';

/**
 * Traffic goes to 127.0.0.1 only. Other addresses exist in a fake resolver: a test that names one
 * asserts the guard refused before any connection was even attempted.
 */
const FAKE_DNS: Record<string, string[]> = {
  localhost: ['127.0.0.1', '::1'],
  'feeds.test': ['127.0.0.1'],
  'intranet.test': ['10.0.0.1'],
  'metadata.test': ['169.254.169.254'],
  'cgnat.test': ['100.64.1.1'],
  'mapped.test': ['::ffff:127.0.0.1'],
  'ula.test': ['fd00::1'],
  'mixed.test': ['93.184.216.34', '10.0.0.1'],
};
const resolved: string[] = [];
const fakeResolve: TSafeFetchPolicy['resolve'] = async (hostname) => {
  resolved.push(hostname);
  return (FAKE_DNS[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
const production: TSafeFetchPolicy = { resolve: fakeResolve };
const loopbackForTests: TSafeFetchPolicy = { resolve: fakeResolve, testOnlyAllowLoopback: true };
const LIMITS = { timeoutMs: 3_000, maxBytes: 100_000 };

let server: Server;
let port: number;
const served: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    served.push(req.url ?? '');
    const [path, query] = (req.url ?? '').split('?');
    const to = new URLSearchParams(query).get('to');
    if (path === '/redirect' && to) {
      res.writeHead(302, { location: to });
      return void res.end();
    }
    if (path === '/loop') {
      res.writeHead(301, { location: '/loop' });
      return void res.end();
    }
    if (path === '/feed.xml') return void res.end('<tv></tv>');
    if (path === '/secret') return void res.end('internal secret');
    if (path === '/big') return void res.end('x'.repeat(200_000));
    if (path === '/declared-big') {
      res.writeHead(200, { 'content-length': '50000000' });
      return void res.write('x');
    }
    if (path === '/bomb') {
      res.writeHead(200, { 'content-encoding': 'gzip' });
      return void res.end(gzipSync(Buffer.alloc(5_000_000)));
    }
    if (path === '/gzipped') {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/xml' });
      return void res.end(gzipSync('<tv>packed</tv>'));
    }
    if (path === '/hang') return; // headers never come
    if (path === '/trickle') {
      res.writeHead(200);
      res.write('<tv>');
      return; // body never ends
    }
    res.writeHead(404, 'Whatever The Server Says');
    res.end('not here');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

afterEach(() => {
  vi.restoreAllMocks();
  resolved.length = 0;
  served.length = 0;
});

/** Every outgoing connection attempt, by the address it was to reach. */
function watchConnects() {
  const targets: unknown[] = [];
  const original = Socket.prototype.connect;
  vi.spyOn(Socket.prototype, 'connect').mockImplementation(function (this: Socket, ...args: unknown[]) {
    targets.push(args[0]);
    return (original as (...a: unknown[]) => Socket).apply(this, args);
  });
  return targets;
}

describe('safeFetch refuses before connecting', () => {
  it.each([
    'http://127.0.0.1/',
    'http://localhost/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://017700000001/',
    'http://127.1/',
    'http://0/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[fe80::1]/',
    'http://10.1.2.3/',
    'http://172.16.0.1/',
    'http://192.168.0.1/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://[ff02::1]/',
    'http://[fd00::1]/',
    'http://intranet.test/',
    'http://metadata.test/',
    'http://cgnat.test/',
    'http://mapped.test/',
    'http://ula.test/',
    'http://mixed.test/',
    'http://nowhere.test/',
    'ftp://feeds.test/x.xml',
    'file:///etc/passwd',
    'gopher://feeds.test:70/',
  ])('%s', async (url) => {
    const connects = watchConnects();
    expect(await safeFetch(url, LIMITS, production)).toEqual({ ok: false, reason: 'unreachable' });
    expect(connects).toEqual([]);
  });

  it('loopback stays refused without the test-only switch, even where the server listens', async () => {
    const connects = watchConnects();
    expect(await safeFetch(`http://127.0.0.1:${port}/feed.xml`, LIMITS, production)).toEqual({
      ok: false,
      reason: 'unreachable',
    });
    expect(connects).toEqual([]);
    expect(served).toEqual([]);
  });
});

describe('safeFetch on an allowed host (a server on 127.0.0.1, loopback opened for the test)', () => {
  it('fetches, resolving the host once and connecting to the address it checked', async () => {
    const connects = watchConnects();
    const result = await safeFetch(`http://feeds.test:${port}/feed.xml`, LIMITS, loopbackForTests);
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.body.toString()).toBe('<tv></tv>');
    // The system resolver knows no feeds.test: the one connection used the address the guard checked.
    expect(resolved).toEqual(['feeds.test']);
    expect(connects).toHaveLength(1);
  });

  it('checks every redirect hop: one to a private address is refused and never requested', async () => {
    const connects = watchConnects();
    for (const to of [
      `http://intranet.test:${port}/secret`,
      `http://169.254.169.254:${port}/secret`,
      `http://metadata.test:${port}/secret`,
      `http://[fd00::1]:${port}/secret`,
      `file:///etc/passwd`,
    ]) {
      const url = `http://feeds.test:${port}/redirect?to=${encodeURIComponent(to)}`;
      expect(await safeFetch(url, LIMITS, loopbackForTests)).toEqual({
        ok: false,
        reason: 'unreachable',
      });
    }
    expect(served.filter((path) => path.startsWith('/secret'))).toEqual([]);
    expect(connects).toHaveLength(5); // the first hop of each, to 127.0.0.1, and nothing else
  });

  it('follows an allowed redirect, and gives up after a bounded number of hops', async () => {
    const to = encodeURIComponent(`http://feeds.test:${port}/feed.xml`);
    const followed = await safeFetch(`http://feeds.test:${port}/redirect?to=${to}`, LIMITS, loopbackForTests);
    expect(followed.ok && followed.body.toString()).toBe('<tv></tv>');
    expect(await safeFetch(`http://feeds.test:${port}/loop`, LIMITS, loopbackForTests)).toEqual({
      ok: false,
      reason: 'unreachable',
    });
    expect(served.filter((path) => path === '/loop')).toHaveLength(6); // the first request and 5 redirects
  });

  it('passes on the status, in the standard words, not what the server wrote', async () => {
    expect(await safeFetch(`http://feeds.test:${port}/nope`, LIMITS, loopbackForTests)).toEqual({
      ok: false,
      reason: 'status',
      status: 404,
      statusText: 'Not Found',
    });
  });

  it('stops at the size limit, counting what a compressed body unpacks to', async () => {
    const base = `http://feeds.test:${port}`;
    expect(await safeFetch(`${base}/big`, LIMITS, loopbackForTests)).toEqual({
      ok: false,
      reason: 'too-large',
    });
    expect(await safeFetch(`${base}/declared-big`, LIMITS, loopbackForTests)).toEqual({
      ok: false,
      reason: 'too-large',
    });
    expect(await safeFetch(`${base}/bomb`, LIMITS, loopbackForTests)).toEqual({
      ok: false,
      reason: 'too-large',
    });
    const packed = await safeFetch(`${base}/gzipped`, LIMITS, loopbackForTests);
    expect(packed.ok && packed.body.toString()).toBe('<tv>packed</tv>');
  });

  it('says the same for a closed port, a silent one, a non-HTTP one, a hang and a trickle', async () => {
    const closed = createTcpServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, 'close');
    const silent = createTcpServer(() => undefined);
    const chatty = createTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n'));
    for (const listener of [silent, chatty]) {
      listener.listen(0, '127.0.0.1');
      await once(listener, 'listening');
    }
    const portOf = (listener: typeof silent) => (listener.address() as AddressInfo).port;
    const quick = { timeoutMs: 500, maxBytes: 100_000 };
    try {
      const answers = await Promise.all(
        [
          `http://127.0.0.1:${closedPort}/`,
          `http://127.0.0.1:${portOf(silent)}/`,
          `http://127.0.0.1:${portOf(chatty)}/`,
          `http://127.0.0.1:${port}/hang`,
          `http://127.0.0.1:${port}/trickle`,
        ].map((url) => safeFetch(url, quick, loopbackForTests)),
      );
      expect(new Set(answers.map((answer) => JSON.stringify(answer)))).toEqual(
        new Set([JSON.stringify({ ok: false, reason: 'unreachable' })]),
      );
    } finally {
      silent.close();
      chatty.close();
    }
  });

  it('ends a resolver that never answers at the deadline', async () => {
    const hanging: TSafeFetchPolicy = { resolve: () => new Promise(() => undefined) };
    const started = Date.now();
    expect(await safeFetch('http://slow-dns.test/', { timeoutMs: 300, maxBytes: 1_000 }, hanging)).toEqual({
      ok: false,
      reason: 'unreachable',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
