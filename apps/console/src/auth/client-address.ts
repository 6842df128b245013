import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

/** Set by server.ts on every request it resolved the client address of; anything else is not believed. */
export const PEER_MARK_HEADER = 'x-keten-peer-mark';
// In the process-wide symbol registry: server.ts and Next's bundled route code hold separate copies of this module.
const PEER_MARK = Symbol.for('keten.console.peerMark');
type TMarkHolder = { [PEER_MARK]?: string };

/** Called once by server.ts: a random mark only this process knows, proving a request went through it. */
export function createPeerMark(): string {
  const mark = randomBytes(16).toString('hex');
  (globalThis as TMarkHolder)[PEER_MARK] = mark;
  return mark;
}

/**
 * The client's address as server.ts resolved it into X-Forwarded-For, or null when the request did not come
 * through server.ts (say `next start` run by hand): then X-Forwarded-For is whatever the client wrote.
 */
export function trustedClientAddress(headers: Record<string, unknown> | undefined): string | null {
  const mark = (globalThis as TMarkHolder)[PEER_MARK];
  if (!mark || headers?.[PEER_MARK_HEADER] !== mark) return null;
  const forwarded = headers['x-forwarded-for'];
  return typeof forwarded === 'string' ? cleanAddress(forwarded) : null;
}

/** An IP address without the IPv4-mapped prefix, brackets or port some proxies add; null if it is none. */
export function cleanAddress(raw: string | undefined): string | null {
  let text = raw?.trim() ?? '';
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1] ?? '';
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  if (text.toLowerCase().startsWith('::ffff:') && isIP(text.slice(7)) === 4) text = text.slice(7);
  return isIP(text) ? text : null;
}

/**
 * The client's address. With no proxy in front (`trustedHops` 0) it is the socket's peer, whatever the
 * request's X-Forwarded-For says. Behind `trustedHops` reverse proxies of the operator's own, it is the entry
 * the farthest of them appended: the chain is X-Forwarded-For then the socket, and the last `trustedHops`
 * links are those proxies; anything further left was written by the client and is never believed.
 */
export function resolveClientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedHops: number,
): string | null {
  const socket = cleanAddress(socketAddress);
  if (trustedHops === 0) return socket;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const chain = [
    ...header
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
    socketAddress ?? '',
  ];
  // Fewer links than proxies: the request skipped some, so the leftmost is the best there is.
  return cleanAddress(chain[Math.max(0, chain.length - 1 - trustedHops)]) ?? socket;
}
