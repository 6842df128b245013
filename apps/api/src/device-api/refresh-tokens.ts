import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { REFRESH_TOKEN_SECONDS } from './config';

// Refresh tokens live only in Redis, by hash: a leaked Redis dump holds no usable token.
const PREFIX = 'keten:device-refresh';
const live = (hash: string) => `${PREFIX}:live:${hash}`;
const spent = (hash: string) => `${PREFIX}:spent:${hash}`;
const family = (id: string) => `${PREFIX}:family:${id}`;

export interface TRefreshRecord {
  deviceId: string;
  tokenVersion: number;
  family: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Mints a refresh token in a family (a new family at activation); the family remembers its newest token. */
export async function issueRefreshToken(
  redis: Redis,
  record: Omit<TRefreshRecord, 'family'> & { family?: string },
) {
  const token = randomBytes(32).toString('base64url');
  const hash = hashOf(token);
  const full: TRefreshRecord = { ...record, family: record.family ?? randomBytes(12).toString('base64url') };
  await redis
    .multi()
    .set(live(hash), JSON.stringify(full), 'EX', REFRESH_TOKEN_SECONDS)
    .set(family(full.family), hash, 'EX', REFRESH_TOKEN_SECONDS)
    .exec();
  return token;
}

export type TRedeemResult = { kind: 'ok'; record: TRefreshRecord } | { kind: 'reused' } | { kind: 'unknown' };

/** Spends a refresh token once; a second use of a spent token burns the whole family (it was stolen). */
export async function redeemRefreshToken(redis: Redis, token: string): Promise<TRedeemResult> {
  const hash = hashOf(token);
  const raw = await redis.getdel(live(hash));
  if (raw) {
    const record = JSON.parse(raw) as TRefreshRecord;
    await redis.set(spent(hash), record.family, 'EX', REFRESH_TOKEN_SECONDS);
    return { kind: 'ok', record };
  }
  const reusedFamily = await redis.get(spent(hash));
  if (!reusedFamily) return { kind: 'unknown' };
  const newest = await redis.getdel(family(reusedFamily));
  if (newest) await redis.del(live(newest));
  return { kind: 'reused' };
}
