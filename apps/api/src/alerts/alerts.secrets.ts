import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { PrismaClient } from '@keten/db/client';

/**
 * Webhook signing secrets at rest: AES-256-GCM under a key from the environment (WEBHOOK_SECRET_KEY), so a copy
 * of the database alone cannot sign messages a receiver would trust. Stored as `v1.<base64url(iv ‖ tag ‖ data)>`.
 *
 * A keyring: the first key seals, every key opens, and at start-up rows opened by a later key (or still in plain
 * text, from before encryption) are sealed again with the first one. Without WEBHOOK_SECRET_KEY the key is derived
 * from NEXTAUTH_SECRET; it stays in the ring, so setting WEBHOOK_SECRET_KEY later re-seals instead of losing them.
 */
export type TWebhookKeyring = readonly Buffer[];

const PREFIX = 'v1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds the ciphertext to its column: a sealed value copied into another table's secret does not open there.
const AAD = Buffer.from('keten:alert_webhooks.secret');

/** A 256-bit key from a secret of ≥ 32 characters (HKDF-SHA256, its own label: other uses of it stay apart). */
function deriveKey(material: string): Buffer {
  return Buffer.from(hkdfSync('sha256', material, 'keten', 'alert-webhook-secrets v1', 32));
}

/** The ring: WEBHOOK_SECRET_KEY's keys (comma-separated, the first seals), then the NEXTAUTH_SECRET fallback. */
export function webhookKeyring(options: { webhookSecretKeys?: readonly string[]; sessionSecret: string }) {
  return [...(options.webhookSecretKeys ?? []), options.sessionSecret].map(deriveKey);
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(PREFIX);
}

export function sealWebhookSecret(keys: TWebhookKeyring, secret: string): string {
  const key = keys[0];
  if (!key) throw new Error('no webhook secret key');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
  const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url');
}

/** The secret and the index of the key that opened it; null when no key of the ring opens it (or it is not sealed). */
export function openWebhookSecret(
  keys: TWebhookKeyring,
  stored: string,
): { secret: string; keyIndex: number } | null {
  if (!isSealed(stored)) return null;
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) return null;
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const data = raw.subarray(IV_BYTES + TAG_BYTES);
  for (const [keyIndex, key] of keys.entries()) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(AAD).setAuthTag(tag);
      const secret = Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      return { secret, keyIndex };
    } catch {
      // Another key's: try the next one.
    }
  }
  return null;
}

/**
 * The start-up migration: plain-text secrets (rows from before encryption) and secrets sealed with an older key are
 * sealed with the current one. Compare-and-set per row, so replicas starting together do each row once.
 * Returns how many rows it sealed and how many no key opens (they cannot sign until the webhook is recreated).
 */
export async function sealStoredWebhookSecrets(
  prisma: PrismaClient,
  keys: TWebhookKeyring,
): Promise<{ sealed: number; unreadable: number }> {
  const rows = await prisma.alertWebhook.findMany({ select: { id: true, secret: true } });
  let sealed = 0;
  let unreadable = 0;
  for (const row of rows) {
    let plain: string;
    if (isSealed(row.secret)) {
      const opened = openWebhookSecret(keys, row.secret);
      if (!opened) {
        unreadable += 1;
        continue;
      }
      if (opened.keyIndex === 0) continue;
      plain = opened.secret;
    } else {
      plain = row.secret;
    }
    const { count } = await prisma.alertWebhook.updateMany({
      where: { id: row.id, secret: row.secret },
      data: { secret: sealWebhookSecret(keys, plain) },
    });
    sealed += count;
  }
  return { sealed, unreadable };
}
