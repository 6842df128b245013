import type { PrismaClient } from '@keten/db/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, TEST_DEVICE_API } from '../../test/harness';
import { activateDevice } from '../device-api/activation.service';
import { nameEntries } from './audit.names';

type TApi = Awaited<ReturnType<typeof startTestApi>>;
interface TEntry {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  actorEmail: string;
  actor: { kind: string; name: string; detail: string | null };
  entity: { name: string | null; detail: string | null; gone: boolean };
}
type TPage = { items: TEntry[]; nextCursor: string | null };

/** Counts each model's findMany calls made through this client: how many queries naming a page costs. */
function countingPrisma(prisma: PrismaClient) {
  const calls: string[] = [];
  const client = new Proxy(prisma, {
    get(target, model: string) {
      const delegate = Reflect.get(target, model) as unknown;
      if (typeof delegate !== 'object' || delegate === null || !('findMany' in delegate)) return delegate;
      return new Proxy(delegate, {
        get(inner, method: string) {
          const value = Reflect.get(inner, method) as unknown;
          if (method !== 'findMany' || typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            calls.push(model);
            return value.apply(inner, args);
          };
        },
      });
    },
  });
  return { client, calls };
}

describe('audit log names people and things (real PostgreSQL)', () => {
  let api: TApi;
  let channel: { id: string; name: string };
  let device: { id: string; serial: string; mac: string };
  const list = async (input: Record<string, unknown>) => {
    const response = await api.trpc('audit.list', input, { role: 'ADMIN' });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body.result?.data.json as TPage;
  };

  beforeAll(async () => {
    api = await startTestApi();
    const { prisma } = api;
    const created = await api.trpc(
      'channels.create',
      {
        lcn: 7,
        name: 'Omroep Test',
        genre: 'NEWS',
        language: 'nl',
        sources: [{ protocol: 'UDP', url: 'udp://@239.10.0.7:5000' }],
      },
      { role: 'CONTENT', kind: 'mutation' },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    channel = created.body.result?.data.json as { id: string; name: string };
    // Renamed since: the log shows the name it has now.
    await prisma.channel.update({ where: { id: channel.id }, data: { name: 'Omroep Test HD' } });
    const boxModel = await prisma.boxModel.create({
      data: {
        code: 'audit-box',
        vendor: 'Acme',
        name: 'Box One',
        videoCodecs: ['H264'],
        maxH264Profile: 'high',
        maxH264Level: '4.1',
        maxWidth: 1920,
        maxHeight: 1080,
        maxFps: 50,
      },
    });
    const owner = await prisma.subscriber.create({
      data: { accountNumber: 'KT7700001', name: 'Saskia Smit', region: 'Utrecht' },
    });
    device = await prisma.device.create({
      data: {
        serial: 'AUD00000001',
        mac: 'fe:ed:00:00:00:01',
        boxModelId: boxModel.id,
        subscriberId: owner.id,
        status: 'PENDING_ACTIVATION',
      },
    });
    // The box itself is the actor of its activation: the entry a simulated fleet writes thousands of.
    await activateDevice(
      api.deps,
      { serial: device.serial, mac: device.mac, provisioningSecret: TEST_DEVICE_API.provisioningSecret },
      '127.0.0.1',
    );
    // A subscriber created, then deleted: the log keeps its name from the entry's own values.
    const subscriber = await api.trpc(
      'subscribers.create',
      { accountNumber: 'KT7700002', name: 'Gone Gerritsen', region: 'Utrecht' },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(subscriber.status, JSON.stringify(subscriber.body)).toBe(200);
    await prisma.subscriber.delete({ where: { accountNumber: 'KT7700002' } });
  });
  afterAll(async () => api?.stop());

  it('names the operator who acted and the thing changed, with the id still there', async () => {
    const page = await list({ entityType: 'Channel' });
    const entry = page.items.find((item) => item.entityId === channel.id);
    expect(entry?.actor).toEqual({
      kind: 'operator',
      name: api.operators.CONTENT.name,
      detail: api.operators.CONTENT.email,
    });
    // The name as it is now, and the id for anyone who needs it.
    expect(entry?.entity).toEqual({ name: 'Omroep Test HD', detail: 'channel 7', gone: false });
    expect(entry?.entityId).toBe(channel.id);
  });

  it('a box is named by its serial, and a deleted subscriber by the values the entry kept', async () => {
    const activation = (await list({ entityId: device.id })).items.find(
      (e) => e.action === 'device.activate',
    );
    expect(activation?.actor).toEqual({ kind: 'box', name: `Box ${device.serial}`, detail: null });
    expect(activation?.entity).toEqual({ name: device.serial, detail: 'KT7700001', gone: false });
    const gone = (await list({ entityType: 'Subscriber' })).items.find(
      (e) => e.action === 'subscriber.create',
    );
    expect(gone?.entity).toEqual({ name: 'Gone Gerritsen', detail: 'KT7700002', gone: true });
  });

  it('the entity-type filter takes any case; box activity can be left out; the actor filter takes a name', async () => {
    const typed = await list({ entityType: 'channel' });
    expect(typed.items.map((e) => e.entityType)).toContain('Channel');
    expect(new Set(typed.items.map((e) => e.entityType))).toEqual(new Set(['Channel']));
    expect((await list({ entityType: 'CHANNEL' })).items).toHaveLength(typed.items.length);

    const everything = await list({});
    expect(everything.items.some((e) => e.actor.kind === 'box')).toBe(true);
    const operatorsOnly = await list({ includeBoxes: false });
    expect(operatorsOnly.items.length).toBeGreaterThan(0);
    expect(operatorsOnly.items.some((e) => e.actorEmail.startsWith('device:'))).toBe(false);
    expect(operatorsOnly.items.length).toBe(everything.items.filter((e) => e.actor.kind !== 'box').length);

    const byName = await list({ actor: api.operators.CONTENT.name.toUpperCase() });
    expect(byName.items.length).toBeGreaterThan(0);
    expect(new Set(byName.items.map((e) => e.actorEmail))).toEqual(new Set([api.operators.CONTENT.email]));
  });

  it('names a page in one query per entity type, not one per entry', async () => {
    const subscribers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api.trpc(
          'subscribers.create',
          { accountNumber: `KT78${String(i).padStart(5, '0')}`, name: `Batch ${i}`, region: 'Utrecht' },
          { role: 'SUPPORT', kind: 'mutation' },
        ),
      ),
    );
    expect(subscribers.every((r) => r.status === 200)).toBe(true);
    const rows = await api.prisma.auditEntry.findMany({ orderBy: { at: 'desc' }, take: 100 });
    const types = new Set(rows.map((row) => row.entityType));
    expect(rows.length).toBeGreaterThan(30);
    const { client, calls } = countingPrisma(api.prisma);
    const named = await nameEntries(client, rows);
    expect(
      named.filter((e) => e.entityType === 'Subscriber' && e.entity.name?.startsWith('Batch ')),
    ).toHaveLength(30);
    // The operators who acted, plus one per known type on the page.
    expect(calls.length).toBeLessThanOrEqual(types.size + 1);
    expect(calls.filter((model) => model === 'subscriber')).toHaveLength(1);
  });
});

describe('audit entity names', () => {
  it('names every kind of thing the log lists from its row (an unnamed entry means a missing resolver)', async () => {
    const { AUDIT_ENTITY_TYPES } = await import('@keten/contracts');
    const { RESOLVERS } = await import('./audit.resolvers');
    const events = new Set(['Schedule']);
    const unnamed = Object.keys(AUDIT_ENTITY_TYPES).filter((type) => !events.has(type) && !RESOLVERS[type]);
    expect(unnamed).toEqual([]);
  });
});
