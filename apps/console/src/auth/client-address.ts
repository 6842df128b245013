import { isIP } from 'node:net';

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
