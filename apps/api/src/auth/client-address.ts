import { isIPv4, isIPv6 } from 'node:net';
import {
  CLIENT_ADDRESS_HEADER,
  CLIENT_ADDRESS_REFUSALS,
  checkClientAddress,
} from '@keten/contracts/console-channel';
import type { FastifyRequest } from 'fastify';

/** Why /auth/login refused a caller that is not the console (or is one whose secret or clock is off). */
export type TLoginCallerRefusal = { refused: string };

/**
 * Who is signing in: the address the console vouched for in a header signed with the shared secret, or the
 * console's own socket address when it vouched for a sign-in without knowing the client's. Never a body field
 * and never X-Forwarded-For: anyone can write those. A request without a valid header is not the console, the
 * only caller the route serves; a present but refused header is also logged, since it usually means the
 * console's NEXTAUTH_SECRET or clock differs from ours.
 */
export function loginClientAddress(
  request: FastifyRequest,
  secret: string,
  email: string,
): string | TLoginCallerRefusal {
  const check = checkClientAddress(secret, request.headers[CLIENT_ADDRESS_HEADER], email);
  if (check.verdict === 'vouched') return check.address ?? request.socket.remoteAddress ?? 'unknown';
  if (check.verdict === 'absent') return { refused: `it carries no ${CLIENT_ADDRESS_HEADER} header` };
  const why = `its ${CLIENT_ADDRESS_HEADER} header ${CLIENT_ADDRESS_REFUSALS[check.reason]}`;
  request.log.warn({ reason: check.reason, socket: request.socket.remoteAddress }, `sign-in refused: ${why}`);
  return { refused: why };
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
