import { safeFetch, type TSafeFetchPolicy } from '../lib/safe-fetch';

/** Limits for fetching a feed from a URL: operators paste URLs, so a slow or huge answer must not hang the API. */
export interface TFetchLimits {
  timeoutMs: number;
  maxBytes: number;
}
export const FEED_FETCH_LIMITS: TFetchLimits = { timeoutMs: 15_000, maxBytes: 20 * 1024 * 1024 };

export type TFetched = { ok: true; text: string } | { ok: false; error: string };

const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/**
 * One text for every refusal and transport failure (a private address, a closed port, a timeout, bad TLS):
 * which one it was would tell an outsider what answers inside the network.
 */
export const unreachableFeed = (limits: TFetchLimits) =>
  `Could not fetch the feed: no complete answer within ${limits.timeoutMs / 1000} s from a web server at a permitted address (public, or in FETCH_ALLOW_PRIVATE_NETS).`;

/** GETs an XMLTV feed as text through the SSRF guard; failures are values, never throws. */
export async function fetchFeed(
  url: string,
  limits: TFetchLimits = FEED_FETCH_LIMITS,
  policy: TSafeFetchPolicy = {},
): Promise<TFetched> {
  const fetched = await safeFetch(url, limits, policy);
  if (fetched.ok) return { ok: true, text: fetched.body.toString('utf8') };
  switch (fetched.reason) {
    case 'status':
      return { ok: false, error: `The server answered ${fetched.status} ${fetched.statusText}.`.trim() };
    case 'too-large':
      return { ok: false, error: `The feed is larger than the limit of ${mb(limits.maxBytes)}.` };
    case 'unreachable':
      return { ok: false, error: unreachableFeed(limits) };
  }
}
