import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { loadApiEnv } from '../env';
import { createCallerFactory } from '../trpc/trpc';
import { alertsRouter } from './alerts.router';
import {
  openWebhookSecret,
  sealStoredWebhookSecrets,
  sealWebhookSecret,
  webhookKeyring,
} from './alerts.secrets';

const OLD = 'old-webhook-secret-key-0123456789abcdef';
const NEW = 'new-webhook-secret-key-0123456789abcdef';
const SESSION = 'session-secret-that-is-at-least-32-characters';

describe('webhook signing secrets at rest', () => {
  it('seal and open round-trip; another key, a flipped byte or plain text do not open', () => {
    const ring = webhookKeyring({ webhookSecretKeys: [NEW], sessionSecret: SESSION });
    const sealed = sealWebhookSecret(ring, 'whsec_abc');
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('whsec_abc');
    // A fresh IV each time: the same secret never seals the same way twice.
    expect(sealWebhookSecret(ring, 'whsec_abc')).not.toBe(sealed);
    expect(openWebhookSecret(ring, sealed)).toEqual({ secret: 'whsec_abc', keyIndex: 0 });
    const other = webhookKeyring({
      webhookSecretKeys: [OLD],
      sessionSecret: 'another-session-secret-of-32-characters',
    });
    expect(openWebhookSecret(other, sealed)).toBeNull();
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(openWebhookSecret(ring, `v1.${raw.toString('base64url')}`)).toBeNull();
    expect(openWebhookSecret(ring, 'whsec_abc')).toBeNull();
  });

  it('WEBHOOK_SECRET_KEY is checked at start-up: each key ≥ 32 characters, comma-separated to rotate', () => {
    const base = {
      DATABASE_URL: 'postgresql://keten@127.0.0.1/keten',
      REDIS_URL: 'redis://127.0.0.1:6379',
      NEXTAUTH_SECRET: SESSION,
    };
    expect(loadApiEnv(base).WEBHOOK_SECRET_KEY).toBeUndefined();
    expect(loadApiEnv({ ...base, WEBHOOK_SECRET_KEY: ` ${NEW} , ${OLD}` }).WEBHOOK_SECRET_KEY).toEqual([
      NEW,
      OLD,
    ]);
    expect(() => loadApiEnv({ ...base, WEBHOOK_SECRET_KEY: `${NEW},short` })).toThrow(/WEBHOOK_SECRET_KEY/);
  });

  describe('in the database', () => {
    let api: Awaited<ReturnType<typeof startTestApi>>;
    beforeAll(async () => {
      api = await startTestApi();
    });
    afterAll(async () => api?.stop());

    it('a created webhook stores its secret sealed; only the create answer shows it', async () => {
      const caller = createCallerFactory(alertsRouter)(api.contextFor('ADMIN'));
      const created = await caller.webhooks.create({
        name: `Sealed ${Date.now()}`,
        url: 'https://hooks.example.com/s',
      });
      const row = await api.prisma.alertWebhook.findUniqueOrThrow({ where: { id: created.id } });
      expect(row.secret).toMatch(/^v1\./);
      expect(row.secret).not.toContain(created.secret);
      expect(openWebhookSecret(webhookKeyring(api.deps), row.secret)?.secret).toBe(created.secret);
      const listed = (await caller.webhooks.list()).find((w) => w.id === created.id);
      expect(listed).toBeDefined();
      expect(listed).not.toHaveProperty('secret');
    });

    it('the start-up migration seals plain-text rows and re-seals rows of an older key, once', async () => {
      const plain = await api.prisma.alertWebhook.create({
        data: { name: `Legacy ${Date.now()}`, url: 'https://hooks.example.com/l', secret: 'whsec_legacy' },
      });
      const oldRing = webhookKeyring({ webhookSecretKeys: [OLD], sessionSecret: SESSION });
      const older = await api.prisma.alertWebhook.create({
        data: {
          name: `Older ${Date.now()}`,
          url: 'https://hooks.example.com/o',
          secret: sealWebhookSecret(oldRing, 'whsec_older'),
        },
      });
      const ring = webhookKeyring({ webhookSecretKeys: [NEW, OLD], sessionSecret: SESSION });
      const first = await sealStoredWebhookSecrets(api.prisma, ring);
      expect(first.sealed).toBeGreaterThanOrEqual(2);
      const stored = async (id: string) =>
        (await api.prisma.alertWebhook.findUniqueOrThrow({ where: { id } })).secret;
      expect(openWebhookSecret(ring, await stored(plain.id))).toEqual({
        secret: 'whsec_legacy',
        keyIndex: 0,
      });
      expect(openWebhookSecret(ring, await stored(older.id))).toEqual({ secret: 'whsec_older', keyIndex: 0 });
      // With the old key dropped, both still open: they were re-sealed with the new one.
      const newOnly = webhookKeyring({ webhookSecretKeys: [NEW], sessionSecret: SESSION });
      expect(openWebhookSecret(newOnly, await stored(older.id))?.secret).toBe('whsec_older');
      const again = await sealStoredWebhookSecrets(api.prisma, ring);
      expect(again.sealed).toBe(0);
    });
  });
});
