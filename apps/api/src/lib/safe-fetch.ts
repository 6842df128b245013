import { lookup as systemLookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage, STATUS_CODES } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { addressRefusal, type TAddressPolicy } from './safe-fetch-address';

/**
 * The one way the API fetches a URL someone typed in (today: XMLTV import). Only http(s); the host is
 * resolved once per hop and every address checked (see safe-fetch-address.ts); the connection goes to
 * exactly the checked address (a `lookup` that hands it over, so no second DNS answer can slip in);
 * redirects are followed by hand, each hop checked again; one deadline and one size limit for all of it.
 * Every refusal and transport failure is the same `unreachable`, so answers cannot map a network.
 * Not for channel source URLs: those are headend infrastructure (multicast, private addresses by design)
 * read by the worker's ffmpeg, which reports stream facts, never a body; nor for configured endpoints.
 */
export interface TSafeFetchPolicy extends TAddressPolicy {
  /** Seam for tests: a host name's addresses. Default: the system resolver (hosts file, DNS). */
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>;
}

export interface TSafeFetchLimits {
  /** For the whole exchange: every hop, headers and body. */
  timeoutMs: number;
  /** Of the body after decompression (a small gzip can unpack to gigabytes). */
  maxBytes: number;
  maxRedirects?: number;
}

export type TSafeFetched =
  | { ok: true; body: Buffer; contentType: string | null; status: number }
  | { ok: false; reason: 'unreachable' }
  | { ok: false; reason: 'status'; status: number; statusText: string }
  | { ok: false; reason: 'too-large' };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_MAX_REDIRECTS = 5;

class Refused extends Error {}

const systemResolve: NonNullable<TSafeFetchPolicy['resolve']> = (hostname) =>
  systemLookup(hostname, { all: true, verbatim: true });

/** The addresses to connect to for `url`, every one allowed; throws Refused otherwise. */
async function checkedAddresses(url: URL, policy: TSafeFetchPolicy) {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Refused('scheme');
  // The URL parser has already turned 2130706433, 0x7f.1, 0177.0.0.1 and 127.1 into 127.0.0.1.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = isIP(host);
  const found = literal
    ? [{ address: host, family: literal }]
    : await (policy.resolve ?? systemResolve)(host).catch(() => []);
  if (found.length === 0) throw new Refused('no address');
  // One bad address refuses the host: with several, the connection could pick any of them.
  if (found.some(({ address }) => addressRefusal(address, policy) !== null)) throw new Refused('address');
  const addresses = found.map(({ address }) => ({ address, family: isIP(address) === 6 ? 6 : 4 }) as const);
  return { host, addresses };
}

/** Hands the connection exactly the checked addresses, whatever it asks for. */
function pinnedLookup(addresses: readonly { address: string; family: 4 | 6 }[]): LookupFunction {
  return (_hostname, options, callback) => {
    const first = addresses[0];
    if (options.all) callback(null, [...addresses]);
    else if (first) callback(null, first.address, first.family);
    else callback(new Error('no address'), '', 0);
  };
}

/** `promise`, or a rejection as soon as `signal` aborts (a resolver that hangs must not outlive the deadline). */
function beforeAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A request with a body (alert webhooks): sent to the first URL only, a redirect is answered as its status. */
export interface TSafeSend {
  method: 'POST';
  body: Buffer;
  headers: Record<string, string>;
}

/** One request to one checked host (a GET unless `send`); resolves with the response (body unread). */
async function hop(
  url: URL,
  policy: TSafeFetchPolicy,
  signal: AbortSignal,
  send?: TSafeSend,
): Promise<IncomingMessage> {
  const { host, addresses } = await beforeAbort(checkedAddresses(url, policy), signal);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({
      protocol: url.protocol,
      hostname: host,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: send?.method ?? 'GET',
      // Credentials only for the hop whose URL carries them; never handed on to a redirect's target.
      auth: url.username
        ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
        : undefined,
      headers: {
        'user-agent': 'Keten',
        accept: '*/*',
        'accept-encoding': 'gzip, deflate, br',
        ...(send ? { ...send.headers, 'content-length': String(send.body.byteLength) } : {}),
      },
      lookup: pinnedLookup(addresses),
      agent: false,
      signal,
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end(send?.body);
  });
}

/** The body as sent before compression; pipeline, so a connection that dies fails the reader too. */
function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : null;
  return decoder ? pipeline(response, decoder, () => undefined) : response;
}

/** Reads the body up to `maxBytes` (decoded); null when it is larger. */
async function readLimited(response: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(response.headers['content-length'] ?? 0);
  if (!response.headers['content-encoding'] && declared > maxBytes) {
    response.destroy();
    return null;
  }
  const body = decoded(response);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      size += (chunk as Buffer).byteLength;
      if (size > maxBytes) return null;
      chunks.push(chunk as Buffer);
    }
  } finally {
    body.destroy();
    response.destroy();
  }
  return Buffer.concat(chunks);
}

/** GETs (or, with `send`, POSTs to) a user-given URL under `policy` and `limits`. Never throws; see TSafeFetched. */
export async function safeFetch(
  url: string,
  limits: TSafeFetchLimits,
  policy: TSafeFetchPolicy = {},
  send?: TSafeSend,
): Promise<TSafeFetched> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  try {
    let target = new URL(url);
    for (let redirects = 0; ; redirects++) {
      const response = await hop(target, policy, signal, send);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location && !send) {
        response.destroy();
        if (redirects >= (limits.maxRedirects ?? DEFAULT_MAX_REDIRECTS)) throw new Refused('redirects');
        target = new URL(location, target);
        continue;
      }
      if (status < 200 || status > 299) {
        response.destroy();
        // The standard phrase, not the server's own: nothing it chooses to say is passed on.
        return { ok: false, reason: 'status', status, statusText: STATUS_CODES[status] ?? '' };
      }
      const body = await readLimited(response, limits.maxBytes);
      if (!body) return { ok: false, reason: 'too-large' };
      const type = response.headers['content-type'];
      return { ok: true, body, contentType: type ?? null, status };
    }
  } catch {
    // Refused, DNS, refused connection, reset, TLS, timeout, a malformed answer: all alike on purpose.
    return { ok: false, reason: 'unreachable' };
  }
}
