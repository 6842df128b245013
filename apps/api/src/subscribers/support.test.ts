import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertQoeEvents, migrateClickHouse } from '@keten/db/clickhouse';
import { seed } from '@keten/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';
import { ACTIVATION_ALPHABET, issueActivationCode } from './devices.service';
import type { TSupportHit } from './support-search.service';

type TApi = Awaited<ReturnType<typeof startTestApi>>;
const data = <T>(response: Awaited<ReturnType<TApi['trpc']>>) => response.body.result?.data.json as T;

describe('support lookup and devices (real PostgreSQL, embedded ClickHouse)', () => {
  let api: TApi;
  let owner: { id: string; accountNumber: string; name: string; email: string | null };
  let box: { id: string; serial: string; mac: string };
  beforeAll(async () => {
    api = await startTestApi();
    await migrateClickHouse(api.deps.clickhouse.client);
    await seed(api.prisma, {
      mediaRoot: await mkdtemp(join(tmpdir(), 'keten-sup-')),
      subscribers: 300,
      epgDaysEachSide: 0,
    });
    box = await api.prisma.device
      .findFirstOrThrow({
        where: { subscriber: { status: 'ACTIVE' } },
        orderBy: { serial: 'desc' },
        select: { id: true, serial: true, mac: true, subscriberId: true },
      })
      .then(async (device) => {
        owner = await api.prisma.subscriber.findUniqueOrThrow({ where: { id: device.subscriberId ?? '' } });
        return device;
      });
  });
  afterAll(async () => api?.stop());

  const search = async (q: string) =>
    data<TSupportHit[]>(await api.trpc('subscribers.search', { q }, { role: 'SUPPORT' }));
  const hitFor = (hits: TSupportHit[]) => hits.find((hit) => hit.id === owner.id);

  it('finds the owner by a partial MAC typed as aa:bb, AA-BB or aabb', async () => {
    const tail = box.mac.slice(-8); // "xx:yy:zz"
    for (const typed of [tail, tail.toUpperCase().replaceAll(':', '-'), tail.replaceAll(':', '')]) {
      const hit = hitFor(await search(typed));
      expect(hit?.matches).toContainEqual({ field: 'mac', value: box.mac });
    }
    // Starting mid-octet still finds it: "y:yz:z" digits without the first one.
    expect(hitFor(await search(tail.replaceAll(':', '').slice(1)))).toBeDefined();
  });

  it('a MAC fragment matches on octet boundaries only, the exact MAC first, then a fragment at either end', async () => {
    const boxModelId = (await api.prisma.boxModel.findFirstOrThrow()).id;
    const household = async (name: string, accountNumber: string, mac: string) => {
      const subscriber = await api.prisma.subscriber.create({
        data: { name, accountNumber, region: 'Utrecht' },
      });
      await api.prisma.device.create({
        data: {
          serial: `MACT${accountNumber}`,
          mac,
          boxModelId,
          subscriberId: subscriber.id,
          status: 'ACTIVE',
        },
      });
      return subscriber.id;
    };
    // Named so that sorting by name alone would put them in the wrong order.
    const inside = await household('Aaron Inside', 'KT8800001', 'fe:c0:ff:ee:00:01');
    const atEnd = await household('Zeno End', 'KT8800002', 'fe:ed:00:c0:ff:ee');
    // The same digits across octets: "ec:0f:fe:e1" holds c0ffee only if octet boundaries are ignored.
    const nearMiss = await household('Bea Near', 'KT8800003', 'fe:ec:0f:fe:e1:23');
    for (const typed of ['c0:ff:ee', 'C0-FF-EE', 'c0ffee']) {
      const ids = (await search(typed)).map((hit) => hit.id);
      expect(ids, typed).toEqual([atEnd, inside]);
      expect(ids, typed).not.toContain(nearMiss);
    }
    const exact = await search('FE-ED-00-C0-FF-EE');
    expect(exact.map((hit) => hit.id)).toEqual([atEnd]);
    expect(exact[0]?.matches).toEqual([{ field: 'mac', value: 'fe:ed:00:c0:ff:ee' }]);
    // Separators that cut an octet in two fit no MAC: nothing, and no error.
    expect(await search('c0:f:fe')).toEqual([]);
  });

  it('a search longer than 100 characters is refused naming the field and the limit', async () => {
    const response = await api.trpc('subscribers.search', { q: 'x'.repeat(500) }, { role: 'SUPPORT' });
    expect(response.status).toBe(400);
    expect(response.body.error?.json.data.zodError?.fieldErrors.q).toEqual([
      'must be at most 100 characters',
    ]);
  });

  it('finds by partial serial, partial name, e-mail and account number, saying what matched', async () => {
    expect(hitFor(await search(box.serial.slice(-6)))?.matches).toContainEqual({
      field: 'serial',
      value: box.serial,
    });
    const byAccount = await search(owner.accountNumber.toLowerCase());
    expect(byAccount[0]?.id).toBe(owner.id); // exact match ranks first
    expect(byAccount[0]?.matches[0]?.field).toBe('accountNumber');
    expect(hitFor(await search(owner.name))?.matches).toContainEqual({ field: 'name', value: owner.name });
    if (owner.email) expect(hitFor(await search(owner.email.toUpperCase()))?.matches[0]?.field).toBe('email');
    expect(await search('zzzq-nobody')).toEqual([]);
    const short = await api.trpc('subscribers.search', { q: 'a' }, { role: 'SUPPORT' });
    expect(short.body.error?.json.data.zodError?.fieldErrors.q?.[0]).toMatch(/at least 2/);
  });

  it('revoking a token sets REVOKED, bumps the version, and is audited', async () => {
    const before = await api.prisma.device.findUniqueOrThrow({ where: { id: box.id } });
    const response = await api.trpc(
      'subscribers.devices.revokeToken',
      { deviceId: box.id },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(data(response)).toMatchObject({ tokenState: 'REVOKED', tokenVersion: before.tokenVersion + 1 });
    const entry = await api.prisma.auditEntry.findFirstOrThrow({
      where: { entityId: box.id, action: 'device.token-revoke' },
    });
    expect(entry.before).toMatchObject({ tokenState: before.tokenState, tokenVersion: before.tokenVersion });
    expect(entry.after).toMatchObject({ tokenState: 'REVOKED', tokenVersion: before.tokenVersion + 1 });
    const noc = await api.trpc(
      'subscribers.devices.revokeToken',
      { deviceId: box.id },
      { role: 'NOC', kind: 'mutation' },
    );
    expect(noc.status).toBe(403);
  });

  it('activation codes are short, unambiguous and unique; stock boxes must be assigned first', async () => {
    const devices = await api.prisma.device.findMany({
      where: { subscriberId: { not: null } },
      take: 40,
      select: { id: true },
    });
    const actor = { id: api.operators.SUPPORT.id, email: api.operators.SUPPORT.email, ip: null };
    const codes = await Promise.all(
      devices.map((d) => issueActivationCode(api.prisma, actor, { deviceId: d.id })),
    );
    const values = codes.map((d) => d.activationCode ?? '');
    expect(new Set(values).size).toBe(values.length);
    for (const code of values)
      expect(code).toMatch(new RegExp(`^[${ACTIVATION_ALPHABET}]{4}-[${ACTIVATION_ALPHABET}]{4}$`));
    const stock = await api.prisma.device.findFirstOrThrow({ where: { status: 'IN_STOCK' } });
    const refused = await api.trpc(
      'subscribers.devices.issueActivationCode',
      { deviceId: stock.id },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(refused.body.error?.json.data.keten).toEqual({ code: 'CONFLICT', field: 'deviceId' });
    const assigned = await api.trpc(
      'subscribers.devices.assign',
      { deviceId: stock.id, accountNumber: owner.accountNumber },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(data(assigned)).toMatchObject({ status: 'PENDING_ACTIVATION', subscriber: { id: owner.id } });
    const issued = await api.trpc(
      'subscribers.devices.issueActivationCode',
      { deviceId: stock.id },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(data<{ activationCode: string }>(issued).activationCode).toMatch(/^.{4}-.{4}$/);
    const entry = await api.prisma.auditEntry.findFirstOrThrow({
      where: { entityId: stock.id, action: 'device.activation-code' },
    });
    expect(JSON.stringify(entry.after)).not.toContain(
      data<{ activationCode: string }>(issued).activationCode,
    );
  });

  it('device list searches by partial MAC and pages', async () => {
    const page = data<{ items: { id: string; mac: string }[]; total: number }>(
      await api.trpc('subscribers.devices.list', { q: box.mac.slice(-5).toUpperCase() }, { role: 'SUPPORT' }),
    );
    expect(page.items.map((d) => d.id)).toContain(box.id);
    // Only boxes whose MAC holds those digits: no near misses around them.
    const typed = box.mac.slice(-5);
    for (const device of page.items) expect(device.mac.replaceAll(':', '')).toContain(typed.replace(':', ''));
  });

  it("support reads a subscriber's sessions: none until the boxes report, then only that subscriber's", async () => {
    const empty = await api.trpc('qoe.sessions', { subscriberId: owner.id }, { role: 'SUPPORT' });
    expect(empty.body.error?.json.message).toBeUndefined();
    expect(data<{ sessions: unknown[] }>(empty).sessions).toEqual([]);
    const at = new Date(Date.now() - 3600_000);
    const common = { sessionId: 's-1', deviceId: box.id, subscriberId: owner.id, channelId: 'ch-1' };
    await insertQoeEvents(api.deps.clickhouse.client, [
      { ...common, eventTime: at, eventType: 'attempt', seq: 0 },
      { ...common, eventTime: new Date(at.getTime() + 900), eventType: 'first_frame', seq: 1, startMs: 900 },
      {
        ...common,
        eventTime: new Date(at.getTime() + 5000),
        eventType: 'error',
        seq: 2,
        errorCode: 'NET_TIMEOUT',
        fatal: true,
      },
      {
        ...common,
        deviceId: 'someone-else',
        subscriberId: 'someone-else',
        sessionId: 's-2',
        eventTime: at,
        eventType: 'attempt',
        seq: 0,
      },
    ]);
    const viaApi = await api.trpc('qoe.sessions', { subscriberId: owner.id }, { role: 'SUPPORT' });
    const { sessions } = data<{
      sessions: { sessionId: string; videoStartTimeMs: number | null; errors: { code: string }[] }[];
    }>(viaApi);
    expect(sessions).toEqual([
      expect.objectContaining({
        sessionId: 's-1',
        videoStartTimeMs: 900,
        errors: [expect.objectContaining({ code: 'NET_TIMEOUT' })],
      }),
    ]);
  });
});
