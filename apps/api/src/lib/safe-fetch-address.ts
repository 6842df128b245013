import { BlockList, isIP } from 'node:net';

/** Why an address may not be fetched from; what the fetch guard checks on every hop. */
export type TAddressKind =
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'unspecified'
  | 'reserved';

/** Kinds an operator may open for their own hosts (FETCH_ALLOW_PRIVATE_NETS); the rest never. */
const OPENABLE: ReadonlySet<TAddressKind> = new Set(['private', 'shared', 'unique-local']);

interface TRange {
  network: string;
  prefix: number;
  kind: TAddressKind;
  list: BlockList;
}

const range = (cidr: string, kind: TAddressKind): TRange => {
  const [network = '', prefix = ''] = cidr.split('/');
  const list = new BlockList();
  list.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
  return { network, prefix: Number(prefix), kind, list };
};

/** Every IPv4 range that is not the public internet (IANA special-purpose registry). */
const V4_RANGES = [
  range('0.0.0.0/8', 'unspecified'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'shared'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'reserved'),
  range('192.0.2.0/24', 'reserved'),
  range('192.88.99.0/24', 'reserved'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'reserved'),
  range('198.51.100.0/24', 'reserved'),
  range('203.0.113.0/24', 'reserved'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'),
];

/** The same for IPv6; forms that carry an IPv4 address inside are unwrapped before this (see embeddedV4). */
const V6_RANGES = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('::/96', 'reserved'),
  range('64:ff9b:1::/48', 'reserved'),
  range('100::/64', 'reserved'),
  range('2001::/23', 'reserved'),
  range('2001:db8::/32', 'reserved'),
  range('fc00::/7', 'unique-local'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'link-local'),
  range('ff00::/8', 'multicast'),
];

/** The eight 16-bit groups of a valid IPv6 address (zone id dropped, a dotted IPv4 tail folded in). */
function hextets(address: string): number[] {
  let text = address.replace(/%.*$/, '');
  const dotted = /:(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}:${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const first = head ? head.split(':') : [];
  const last = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - first.length - last.length).fill('0');
  return [...first, ...fill, ...last].map((group) => Number.parseInt(group, 16));
}

const dottedQuad = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;

/** The IPv4 address inside an IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) one. */
function embeddedV4(address: string): string | null {
  const h = hextets(address);
  const zeros = (from: number, to: number) => h.slice(from, to).every((group) => group === 0);
  if (zeros(0, 5) && h[5] === 0xffff) return dottedQuad(h[6] ?? 0, h[7] ?? 0);
  if (h[0] === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return dottedQuad(h[6] ?? 0, h[7] ?? 0);
  if (h[0] === 0x2002) return dottedQuad(h[1] ?? 0, h[2] ?? 0);
  return null;
}

/** The address whose range decides: an IPv4 address hidden in an IPv6 one counts as itself. */
function effective(address: string): { address: string; family: 4 | 6 } | null {
  const family = isIP(address);
  if (family === 4) return { address, family: 4 };
  if (family !== 6) return null;
  const inner = embeddedV4(address);
  return inner ? { address: inner, family: 4 } : { address, family: 6 };
}

/** What kind of non-public address this is, or null for a public one. Anything not an IP is 'reserved'. */
export function addressKind(address: string): TAddressKind | null {
  const target = effective(address);
  if (!target) return 'reserved';
  const ranges = target.family === 4 ? V4_RANGES : V6_RANGES;
  const type = target.family === 4 ? 'ipv4' : 'ipv6';
  return ranges.find((r) => r.list.check(target.address, type))?.kind ?? null;
}

/** Who may be fetched from beyond the public internet. Built from env (allowNets) or by tests. */
export interface TAddressPolicy {
  /** Private, shared (CGNAT) or unique-local networks an operator opened (FETCH_ALLOW_PRIVATE_NETS). */
  allowNets?: readonly string[];
  /** Tests only, for a server on 127.0.0.1; no variable or setting leads here. */
  testOnlyAllowLoopback?: boolean;
}

const listOf = (cidrs: readonly string[]) => {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network = '', prefix = ''] = cidr.split('/');
    list.addSubnet(network, Number(prefix), isIP(network) === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
};
const allowLists = new WeakMap<readonly string[], BlockList>();

/** Why `address` may not be fetched from under `policy`, or null when it may. */
export function addressRefusal(address: string, policy: TAddressPolicy = {}): TAddressKind | null {
  const kind = addressKind(address);
  if (kind === null) return null;
  if (kind === 'loopback' && policy.testOnlyAllowLoopback) return null;
  const nets = policy.allowNets ?? [];
  if (!OPENABLE.has(kind) || nets.length === 0) return kind;
  const list = allowLists.get(nets) ?? listOf(nets);
  allowLists.set(nets, list);
  const target = effective(address);
  return target && list.check(target.address, target.family === 4 ? 'ipv4' : 'ipv6') ? null : kind;
}

/** Why one FETCH_ALLOW_PRIVATE_NETS entry is refused, or null: it must lie inside a private range. */
export function allowNetProblem(cidr: string): string | null {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  const network = match?.[1] ?? '';
  const prefix = Number(match?.[2]);
  const family = isIP(network);
  if (!match || family === 0 || prefix > (family === 4 ? 32 : 128))
    return `"${cidr}" is not a network in CIDR form, e.g. 10.20.0.0/16`;
  const inside = (family === 4 ? V4_RANGES : V6_RANGES).find(
    (r) =>
      OPENABLE.has(r.kind) && r.list.check(network, family === 4 ? 'ipv4' : 'ipv6') && prefix >= r.prefix,
  );
  return inside
    ? null
    : `"${cidr}" is not inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 or fc00::/7 (loopback, link-local and multicast can never be opened)`;
}
