import { isIPv4, isIPv6 } from 'node:net';
import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_REFUSALS,
  checkClientAddress,
} from '@keten/contracts/console-channel';
import type { FastifyRequest } from 'fastify';

/**
 * Who is signing in: the address the console vouched for (a header signed with the shared secret), else
 * the caller's own socket address. Never a body field and never X-Forwarded-For: anyone can write those.
 * A header that is present but not believed is logged: a console whose NEXTAUTH_SECRET or clock differs from
 * ours would otherwise silently key every sign-in on its own address, where one guesser slows everyone.
 */
export function loginClientAddress(request: FastifyRequest, secret: string, email: string): string {
  const check = checkClientAddress(secret, request.headers[CLIENT_ADDRESS_HEADER], email);
  if (check.verdict === 'vouched') return check.address;
  const socket = request.socket.remoteAddress ?? 'unknown';
  if (check.verdict === 'refused') {
    request.log.warn(
      { reason: check.reason, socket },
      `sign-in: the console's ${CLIENT_ADDRESS_HEADER} header ${CLIENT_ADDRESS_REFUSALS[check.reason]}; keyed on the caller's own address ${socket} instead`,
    );
  }
  return socket;
}

/** The eight 16-bit groups of an IPv6 address, or null. */
function ipv6Groups(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address.split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split('.').map(Number);
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The unit the per-address limits count: an IPv4 address, or an IPv6 /64 (one subscriber line usually
 * holds a whole /64, so counting single IPv6 addresses would give an attacker 2^64 fresh starts).
 */
export function addressBucket(address: string): string {
  const mapped = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  if (isIPv4(mapped)) return mapped;
  const groups = ipv6Groups(address);
  if (!groups) return 'unknown';
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}
