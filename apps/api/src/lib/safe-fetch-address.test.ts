import { describe, expect, it } from 'vitest';
import { loadApiEnv } from '../env';
import { addressKind, addressRefusal, allowNetProblem } from './safe-fetch-address';

// Addresses as strings only: nothing here opens a connection.
describe('addressKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['224.0.0.1', 'multicast'],
    ['239.1.1.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
    ['::127.0.0.1', 'reserved'], // IPv4-compatible, deprecated
    ['not-an-address', 'reserved'],
  ])('%s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['64:ff9b::10.0.0.1', 'private'], // NAT64
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:7f00:1::', 'loopback'], // 6to4
    ['2002:c0a8:101::1', 'private'],
  ])('an IPv4 address wrapped in IPv6 counts as itself: %s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '192.169.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('%s is public', (address) => {
    expect(addressKind(address)).toBeNull();
  });
});

describe('addressRefusal under a policy', () => {
  it('opens only the private networks an operator listed, and never loopback or link-local', () => {
    const policy = { allowNets: ['10.20.0.0/16', 'fd00:abcd::/32'] };
    expect(addressRefusal('10.20.3.4', policy)).toBeNull();
    expect(addressRefusal('::ffff:10.20.3.4', policy)).toBeNull();
    expect(addressRefusal('fd00:abcd::5', policy)).toBeNull();
    expect(addressRefusal('10.21.0.1', policy)).toBe('private');
    expect(addressRefusal('fd00:abce::5', policy)).toBe('unique-local');
    expect(addressRefusal('127.0.0.1', policy)).toBe('loopback');
    expect(addressRefusal('8.8.8.8', policy)).toBeNull();
  });

  it('lets a test reach 127.0.0.1 only when it asks for that by name', () => {
    expect(addressRefusal('127.0.0.1')).toBe('loopback');
    expect(addressRefusal('127.0.0.1', { testOnlyAllowLoopback: true })).toBeNull();
    expect(addressRefusal('10.0.0.1', { testOnlyAllowLoopback: true })).toBe('private');
  });
});

describe('allowNetProblem (FETCH_ALLOW_PRIVATE_NETS entries)', () => {
  it.each(['10.0.0.0/8', '10.20.0.0/16', '172.16.5.0/24', '192.168.1.10/32', '100.64.0.0/10', 'fd00::/8'])(
    'accepts %s',
    (cidr) => {
      expect(allowNetProblem(cidr)).toBeNull();
    },
  );

  it.each([
    ['0.0.0.0/0', /not inside/],
    ['10.0.0.0/7', /not inside/],
    ['127.0.0.0/8', /not inside/],
    ['169.254.0.0/16', /not inside/],
    ['8.8.8.0/24', /not inside/],
    ['::/0', /not inside/],
    ['fe80::/10', /not inside/],
    ['10.0.0.1', /CIDR/],
    ['10.0.0.0/33', /CIDR/],
    ['nas.local/24', /CIDR/],
  ])('refuses %s', (cidr, problem) => {
    expect(allowNetProblem(cidr)).toMatch(problem);
  });
});

describe('FETCH_ALLOW_PRIVATE_NETS in the API environment', () => {
  const base = {
    DATABASE_URL: 'postgresql://keten@127.0.0.1/keten',
    REDIS_URL: 'redis://127.0.0.1:6379',
    NEXTAUTH_SECRET: 'x'.repeat(40),
  };

  it('is a list of networks, empty when unset', () => {
    expect(loadApiEnv(base).FETCH_ALLOW_PRIVATE_NETS).toEqual([]);
    expect(
      loadApiEnv({ ...base, FETCH_ALLOW_PRIVATE_NETS: ' 10.20.0.0/16, fd00::/8 ,' }).FETCH_ALLOW_PRIVATE_NETS,
    ).toEqual(['10.20.0.0/16', 'fd00::/8']);
  });

  it('stops the API with the variable and the entry named when an entry opens too much', () => {
    expect(() => loadApiEnv({ ...base, FETCH_ALLOW_PRIVATE_NETS: '10.20.0.0/16,127.0.0.0/8' })).toThrow(
      /FETCH_ALLOW_PRIVATE_NETS: "127\.0\.0\.0\/8" is not inside/,
    );
  });
});
