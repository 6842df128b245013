/** Sticky percentage buckets: 10,000 buckets, so a share can be given to a hundredth of a percent. */
export const BUCKETS = 10_000;

const encoder = new TextEncoder();
// Reused for every hash (ids and keys are short): encodeInto writes UTF-8 without allocating.
let scratch = new Uint8Array(256);

/** MurmurHash3 x86 32-bit over the UTF-8 bytes: fast, well mixed, the same in Node and the browser. */
export function murmur3(text: string, seed = 0): number {
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const bytes = scratch;
  const length = encoder.encodeInto(text, bytes).written;
  const blocks = length - (length % 4);
  let h = seed >>> 0;
  for (let i = 0; i < blocks; i += 4) {
    let k = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= bytes[blocks + 2]! << 16;
    if (tail >= 2) k ^= bytes[blocks + 1]! << 8;
    k ^= bytes[blocks]!;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The device's bucket (0–9999) for a rollout key (a flag's or cohort's key). Sticky: the same pair always
 * lands in the same bucket, so raising a share from 5 % to 25 % keeps the first 5 % in.
 */
export function bucketOf(rolloutKey: string, deviceId: string): number {
  return murmur3(`${rolloutKey}:${deviceId}`) % BUCKETS;
}

/** Whether a bucket falls inside a share given in percent (0–100, hundredths allowed). */
export function inShare(bucket: number, percent: number): boolean {
  return bucket < Math.round(percent * (BUCKETS / 100));
}
