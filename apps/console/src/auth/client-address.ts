import { randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';

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

// Where a reverse proxy of the operator's own connects from: this machine or a private network.
const LOCAL_PEERS = new BlockList();
for (const [network, prefix] of [
  ['127.0.0.0', 8],
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['100.64.0.0', 10],
  ['169.254.0.0', 16],
] as const) {
  LOCAL_PEERS.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  LOCAL_PEERS.addSubnet(network, prefix, 'ipv6');
}

/**
 * For server.ts, per request: the first request from a loopback or private peer that carries X-Forwarded-For
 * while no proxy is trusted calls `warn`, once per process. That is a reverse proxy the console was not told
 * about: every client then counts as the proxy's address, so one guesser slows (or blocks) everyone's sign-in.
 */
export function untrustedProxyWarner(trustedHops: number, warn: (message: string) => void) {
  let warned = trustedHops !== 0;
  return (socketAddress: string | undefined, forwardedFor: string | string[] | undefined) => {
    if (warned || forwardedFor === undefined) return;
    const peer = cleanAddress(socketAddress);
    if (!peer || !LOCAL_PEERS.check(peer, isIP(peer) === 4 ? 'ipv4' : 'ipv6')) return;
    warned = true;
    warn(
      [
        `console: WARNING: a request from ${peer} carried X-Forwarded-For, but CONSOLE_TRUSTED_PROXY_HOPS=0.`,
        `  Every client behind that proxy counts as ${peer}: one wrong password slows everyone's sign-in, the`,
        '  per-address limit can lock the owner out, and the audit log records the proxy instead of the client.',
        '  Behind a reverse proxy (nginx, Caddy, a load balancer), set CONSOLE_TRUSTED_PROXY_HOPS=1 (one per proxy).',
      ].join('\n'),
    );
  };
}
