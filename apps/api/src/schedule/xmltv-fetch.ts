/** Limits for fetching a feed from a URL: operators paste URLs, so a slow or huge answer must not hang the API. */
export interface TFetchLimits {
  timeoutMs: number;
  maxBytes: number;
}
export const FEED_FETCH_LIMITS: TFetchLimits = { timeoutMs: 15_000, maxBytes: 20 * 1024 * 1024 };

export type TFetched = { ok: true; text: string } | { ok: false; error: string };

/** GETs an XMLTV feed as text, stopping at the time and size limits; failures are values, never throws. */
export async function fetchFeed(url: string, limits: TFetchLimits = FEED_FETCH_LIMITS): Promise<TFetched> {
  const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(limits.timeoutMs), redirect: 'follow' });
    if (!response.ok || !response.body) {
      return { ok: false, error: `The server answered ${response.status} ${response.statusText}.`.trim() };
    }
    const declared = Number(response.headers.get('content-length') ?? 0);
    if (declared > limits.maxBytes) {
      await response.body.cancel();
      return { ok: false, error: `The feed is ${mb(declared)}; the limit is ${mb(limits.maxBytes)}.` };
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    // A reader rather than for-await: the console's DOM typings (which also check this file) lack the iterator.
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.byteLength;
      if (size > limits.maxBytes) {
        await reader.cancel();
        return { ok: false, error: `The feed is larger than the limit of ${mb(limits.maxBytes)}.` };
      }
      chunks.push(read.value);
    }
    return { ok: true, text: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    if (timedOut) return { ok: false, error: `No complete answer within ${limits.timeoutMs / 1000} s.` };
    const cause =
      error instanceof Error
        ? error.cause instanceof Error
          ? error.cause.message
          : error.message
        : String(error);
    return { ok: false, error: `Could not fetch the feed: ${cause}.` };
  }
}
