import { describe, expect, it } from 'vitest';
import {
  cleanAddress,
  createPeerMark,
  PEER_MARK_HEADER,
  resolveClientAddress,
  trustedClientAddress,
  untrustedProxyWarner,
} from './client-address';

describe('resolveClientAddress', () => {
  it('with no proxy in front, takes the socket peer and ignores any X-Forwarded-For', () => {
    expect(resolveClientAddress('203.0.113.5', undefined, 0)).toBe('203.0.113.5');
    expect(resolveClientAddress('::ffff:203.0.113.5', '198.51.100.1', 0)).toBe('203.0.113.5');
    expect(resolveClientAddress('2001:db8::5', '198.51.100.1, 10.0.0.1', 0)).toBe('2001:db8::5');
  });

  it('behind N trusted proxies, takes the entry the farthest one appended, never one further left', () => {
    // client spoofs 1.1.1.1; proxy 2 (outer) saw 203.0.113.5; proxy 1 (inner, the socket) saw proxy 2.
    const forwarded = '1.1.1.1, 203.0.113.5, 10.0.0.2';
    expect(resolveClientAddress('10.0.0.1', forwarded, 1)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.1', forwarded, 2)).toBe('203.0.113.5');
    expect(resolveClientAddress('10.0.0.1', ['1.1.1.1', '203.0.113.5, 10.0.0.2'], 2)).toBe('203.0.113.5');
  });

  it('with fewer links than proxies takes the leftmost, and garbage falls back to the socket', () => {
    expect(resolveClientAddress('10.0.0.1', undefined, 1)).toBe('10.0.0.1');
    expect(resolveClientAddress('10.0.0.1', '203.0.113.5', 3)).toBe('203.0.113.5');
    expect(resolveClientAddress('10.0.0.1', 'unknown', 1)).toBe('10.0.0.1');
  });
});

describe('cleanAddress', () => {
  it('strips ports, brackets and the IPv4-mapped prefix, and refuses what is not an address', () => {
    expect(cleanAddress(' 203.0.113.5:4711 ')).toBe('203.0.113.5');
    expect(cleanAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(cleanAddress('[2001:db8::1]')).toBe('2001:db8::1');
    expect(cleanAddress('::FFFF:203.0.113.5')).toBe('203.0.113.5');
    expect(cleanAddress('2001:db8::1')).toBe('2001:db8::1');
    expect(cleanAddress('example.com')).toBeNull();
    expect(cleanAddress(undefined)).toBeNull();
  });
});

describe('trustedClientAddress', () => {
  it("believes X-Forwarded-For only on a request server.ts marked with this process's secret", () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.5' };
    expect(trustedClientAddress(forwarded)).toBeNull();
    const mark = createPeerMark();
    expect(trustedClientAddress({ ...forwarded, [PEER_MARK_HEADER]: mark })).toBe('203.0.113.5');
    expect(trustedClientAddress({ ...forwarded, [PEER_MARK_HEADER]: `${mark}x` })).toBeNull();
    expect(trustedClientAddress({ ...forwarded, [PEER_MARK_HEADER]: '' })).toBeNull();
    expect(
      trustedClientAddress({ 'x-forwarded-for': '1.1.1.1, 2.2.2.2', [PEER_MARK_HEADER]: mark }),
    ).toBeNull();
  });
});

describe('untrustedProxyWarner', () => {
  const warnings = (hops: number, requests: [string, string | undefined][]) => {
    const said: string[] = [];
    const check = untrustedProxyWarner(hops, (message) => said.push(message));
    for (const [socket, forwarded] of requests) check(socket, forwarded);
    return said;
  };

  it('says once, loudly, to set the hops when a local proxy forwards to a console that trusts none', () => {
    const said = warnings(0, [
      ['127.0.0.1', undefined],
      ['203.0.113.5', '198.51.100.1'],
      ['::ffff:127.0.0.1', '203.0.113.5'],
      ['127.0.0.1', '203.0.113.6'],
    ]);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('a request from 127.0.0.1 carried X-Forwarded-For');
    expect(said[0]).toContain('set CONSOLE_TRUSTED_PROXY_HOPS=1');
  });

  it('recognises private and IPv6 local peers, and stays quiet once the hops are set', () => {
    for (const peer of ['10.1.2.3', '172.20.0.1', '192.168.1.10', '::1', 'fd00::5', 'fe80::1']) {
      expect(warnings(0, [[peer, '203.0.113.5']]), peer).toHaveLength(1);
    }
    expect(warnings(0, [['198.51.100.7', '203.0.113.5']])).toEqual([]);
    expect(warnings(1, [['127.0.0.1', '203.0.113.5']])).toEqual([]);
  });
});
