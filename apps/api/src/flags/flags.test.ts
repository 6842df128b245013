import { performance } from 'node:perf_hooks';
import type { TDeviceConfig } from '@keten/contracts';
import { createPrisma } from '@keten/db/client';
import { type TFlagDefinitionInput, ZFlagDefinitionSchema } from '@keten/flags';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  activateThroughConsole,
  assignedDevice,
  bearer,
  startDeviceApi,
} from '../device-api/device-api.fixtures';
import { readDeviceRowWithFacts } from '../device-api/device-row';
import { POLL_AFTER_SECONDS } from './config.service';
import { applyDueChanges, scheduleChange } from './flags.service';
import { SNAPSHOT_TTL_MS } from './snapshot';

type TApi = Awaited<ReturnType<typeof startDeviceApi>>;

const onOff = (rest: Partial<TFlagDefinitionInput> = {}): TFlagDefinitionInput => ({
  type: 'boolean',
  variants: [
    { key: 'on', value: true },
    { key: 'off', value: false },
  ],
  defaultVariant: 'off',
  offVariant: 'off',
  ...rest,
});

/** Polls until `check` returns a value, at most `timeoutMs`; fails with `what` otherwise. */
async function waitFor<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined>,
  everyMs = 100,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

describe('flags, cohorts and /v1/config', () => {
  let api: TApi;
  let headers: Record<string, string>;
  let device: Awaited<ReturnType<typeof assignedDevice>>;

  const mutate = async (path: string, input: unknown, role: 'PRODUCT' | 'ADMIN' | 'SUPPORT' = 'PRODUCT') => {
    const response = await api.trpc(path, input, { role, kind: 'mutation' });
    return response;
  };
  const ok = async <T>(path: string, input: unknown) => {
    const response = await mutate(path, input);
    if (!response.body.result) throw new Error(`${path}: ${JSON.stringify(response.body.error)}`);
    return response.body.result.data.json as T;
  };
  const query = async <T>(path: string, input: unknown = undefined) => {
    const response = await api.trpc(path, input, { role: 'PRODUCT' });
    if (!response.body.result) throw new Error(`${path}: ${JSON.stringify(response.body.error)}`);
    return response.body.result.data.json as T;
  };
  const config = async (etag?: string) => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/v1/config',
      headers: { ...headers, ...(etag ? { 'if-none-match': etag } : {}) },
    });
    return {
      status: response.statusCode,
      etag: response.headers.etag as string,
      cacheControl: response.headers['cache-control'],
      body: response.statusCode === 200 ? (response.json() as TDeviceConfig) : null,
    };
  };

  beforeAll(async () => {
    api = await startDeviceApi();
    device = await assignedDevice(api);
    headers = bearer(await activateThroughConsole(api, device.id));
  }, 120_000);
  afterAll(async () => api?.stop());

  it('counts a cohort live, as typed, with the engine /v1/config uses', async () => {
    const all = await query<{ matching: number; total: number }>('cohorts.count', { key: 'all', rule: {} });
    expect(all.total).toBeGreaterThan(0);
    expect(all.matching).toBe(all.total);
    const model = await query<{ matching: number; sample: string[] }>('cohorts.count', {
      key: 'model',
      rule: { boxModels: [device.boxModel.code] },
    });
    const expected = await api.prisma.device.count({
      where: { status: 'ACTIVE', boxModelId: device.boxModelId },
    });
    expect(model.matching).toBe(expected);
    const listed = await query<{ matching: number; sample: string[] }>('cohorts.count', {
      key: 'list',
      rule: { deviceIds: [device.id] },
    });
    expect(listed).toMatchObject({ matching: 1, sample: [device.serial] });
  });

  it('refuses a bad rule naming the field', async () => {
    const response = await mutate('cohorts.create', {
      key: 'Bad Key',
      name: 'x',
      rule: { percent: 120 },
    });
    expect(response.status).toBe(400);
    const fields = Object.keys(response.body.error?.json.data.zodError?.fieldErrors ?? {});
    expect(fields).toEqual(expect.arrayContaining(['key', 'rule.percent']));
  });

  it('serves a box its flags and configuration with ETag and 304 (no rails yet: an empty list)', async () => {
    const cohort = await ok<{ id: string }>('cohorts.create', {
      key: 'this-box',
      name: 'This box',
      rule: { deviceIds: [device.id] },
    });
    await ok('flags.create', {
      key: 'new-epg',
      definition: onOff({ rules: [{ id: 'beta', cohortId: cohort.id, variant: 'on' }] }),
    });
    await ok('config.save', {
      expectedVersion: 0,
      document: {
        settings: { player: { bufferSeconds: 10 }, epgDays: 7 },
        overrides: [{ cohortId: cohort.id, settings: { player: { bufferSeconds: 30 } } }],
      },
    });
    const first = await config();
    expect(first.status).toBe(200);
    expect(first.cacheControl).toBe('private, no-cache');
    expect(first.body).toEqual({
      configVersion: 1,
      settings: { player: { bufferSeconds: 30 }, epgDays: 7 },
      // The demo seed's flags too: every flag, evaluated.
      flags: expect.objectContaining({
        'new-epg': { value: true, variant: 'on' },
        'low-latency-hls': { value: false, variant: 'off' },
      }),
      rails: [],
      delivery: null,
      pollAfterSeconds: POLL_AFTER_SECONDS,
    });
    expect((await config(first.etag)).status).toBe(304);
  });

  it('versions every change with an audit entry holding before and after; reverts in one call', async () => {
    const flag = await ok<{ id: string }>('flags.create', { key: 'versioned', definition: onOff() });
    await ok('flags.update', {
      id: flag.id,
      expectedVersion: 1,
      definition: onOff({ defaultVariant: 'on' }),
      note: 'everyone',
    });
    // An editor that started from version 1 cannot overwrite version 2.
    const stale = await mutate('flags.update', { id: flag.id, expectedVersion: 1, definition: onOff() });
    expect(stale.status).toBe(409);
    expect(stale.body.error?.json.data.keten?.field).toBe('expectedVersion');
    await ok('flags.setKilled', { id: flag.id, killed: true });
    await ok('flags.revert', { id: flag.id, toVersion: 1 });
    const detail = await query<{
      version: number;
      definition: { defaultVariant: string; killed: boolean };
      versions: { version: number; note: string | null }[];
    }>('flags.get', { id: flag.id });
    expect(detail.version).toBe(4);
    expect(detail.definition).toMatchObject({ defaultVariant: 'off', killed: false });
    expect(detail.versions.map((version) => [version.version, version.note])).toEqual([
      [4, 'Reverted to version 1'],
      [3, null],
      [2, 'everyone'],
      [1, null],
    ]);
    const audit = await api.prisma.auditEntry.findMany({
      where: { entityType: 'FeatureFlag', entityId: flag.id },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((entry) => entry.action)).toEqual([
      'flag.create',
      'flag.update',
      'flag.kill',
      'flag.revert',
    ]);
    expect(audit[1]).toMatchObject({
      actorEmail: api.operators.PRODUCT.email,
      before: { version: 1, definition: { defaultVariant: 'off' } },
      after: { version: 2, definition: { defaultVariant: 'on' } },
    });
    const unknownCohort = await mutate('flags.update', {
      id: flag.id,
      expectedVersion: 4,
      definition: onOff({ rules: [{ id: 'gone', cohortId: 'no-such-cohort', variant: 'on' }] }),
    });
    expect(unknownCohort.body.error?.json.data.keten?.field).toBe('definition.rules.0.cohortId');
    // A type change would break boxes that already read the flag.
    const retyped = await mutate('flags.update', {
      id: flag.id,
      expectedVersion: 4,
      definition: {
        type: 'string',
        variants: [{ key: 'a', value: 'a' }],
        defaultVariant: 'a',
        offVariant: 'a',
      },
    });
    expect(retyped.body.error?.json.data.keten?.field).toBe('definition.type');
  });

  it('kill switch: the box gets the off variant on its next poll', async () => {
    const flag = await ok<{ id: string }>('flags.create', {
      key: 'kill-me',
      definition: onOff({ defaultVariant: 'on' }),
    });
    expect((await config()).body?.flags['kill-me']).toEqual({ value: true, variant: 'on' });
    await ok('flags.setKilled', { id: flag.id, killed: true });
    expect((await config()).body?.flags['kill-me']).toEqual({ value: false, variant: 'off' });
  });

  it('a scheduled change fires at its time, not before (injected clock)', async () => {
    const flag = await ok<{ id: string }>('flags.create', { key: 'scheduled', definition: onOff() });
    const actor = { id: api.operators.PRODUCT.id, email: api.operators.PRODUCT.email, ip: null };
    // An hour ahead, so the server's own scheduler leaves it to the injected clock.
    const at = new Date(Date.now() + 3_600_000);
    await scheduleChange(api.prisma, actor, {
      id: flag.id,
      at,
      definition: ZFlagDefinitionSchema.parse(onOff({ defaultVariant: 'on' })),
      note: 'launch',
    });
    expect(await applyDueChanges(api.prisma, new Date(at.getTime() - 1))).toEqual([]);
    expect((await config()).body?.flags.scheduled?.value).toBe(false);
    const applied = await applyDueChanges(api.prisma, at);
    expect(applied).toEqual([{ changeId: expect.any(String), flagId: flag.id, version: 2 }]);
    expect((await config()).body?.flags.scheduled?.value).toBe(true);
    // Applied once only.
    expect(await applyDueChanges(api.prisma, new Date(at.getTime() + 1000))).toEqual([]);
    const entry = await api.prisma.auditEntry.findFirstOrThrow({
      where: { entityId: flag.id, action: 'flag.scheduled-apply' },
    });
    expect(entry).toMatchObject({ actorId: null, actorEmail: 'system:flag-scheduler' });
    expect(entry.after).toMatchObject({ scheduledBy: actor.email, version: 2 });
  });

  it('the server’s scheduler applies a change within a tick of its time (real clock)', async () => {
    const flag = await ok<{ id: string }>('flags.create', { key: 'scheduled-real', definition: onOff() });
    const at = new Date(Date.now() + 1500);
    await ok('flags.schedule', { id: flag.id, at, definition: onOff({ defaultVariant: 'on' }) });
    const seenAt = await waitFor('the scheduled change on /v1/config', 10_000, async () =>
      (await config()).body?.flags['scheduled-real']?.value === true ? Date.now() : undefined,
    );
    expect(seenAt).toBeGreaterThanOrEqual(at.getTime());
    console.log(`scheduled change seen by a box ${seenAt - at.getTime()} ms after its time (tick 1 s)`);
    const refused = await mutate('flags.schedule', {
      id: flag.id,
      at: new Date(Date.now() - 1000),
      definition: onOff(),
    });
    expect(refused.body.error?.json.data.keten?.field).toBe('at');
  });

  it('a change saved by another API process reaches a box polling at its interval within 30 s', async () => {
    const flag = await ok<{ id: string }>('flags.create', { key: 'replica', definition: onOff() });
    // Another process: its own client, so this process's snapshot only learns of the change by reloading.
    const other = createPrisma(api.databaseUrl);
    try {
      let etag = (await config()).etag;
      const savedAt = performance.now();
      await other.$transaction([
        other.featureFlag.update({
          where: { id: flag.id },
          data: { definition: ZFlagDefinitionSchema.parse(onOff({ defaultVariant: 'on' })), version: 2 },
        }),
      ]);
      // The box as it behaves: If-None-Match every pollAfterSeconds.
      const seen = await waitFor(
        'the other process’s change',
        30_000,
        async () => {
          const answer = await config(etag);
          if (answer.status === 200) etag = answer.etag;
          return answer.body?.flags.replica?.value === true ? performance.now() - savedAt : undefined;
        },
        POLL_AFTER_SECONDS * 1000,
      );
      console.log(
        `change from another process seen after ${(seen / 1000).toFixed(1)} s (snapshot TTL ${SNAPSHOT_TTL_MS / 1000} s + poll ${POLL_AFTER_SECONDS} s)`,
      );
      expect(seen).toBeLessThan(30_000);
    } finally {
      await other.$disconnect();
    }
  }, 40_000);

  it('looks a box up for the console’s preview', async () => {
    const facts = await query<{ id: string; boxModel: string; packages: string[]; region: string | null }>(
      'flags.deviceFacts',
      {
        serial: device.serial,
      },
    );
    expect(facts).toMatchObject({ id: device.id, boxModel: device.boxModel.code });
    expect(facts.packages.length).toBeGreaterThan(0);
    // /v1/config reads the same facts in its one query.
    const fromRoute = await readDeviceRowWithFacts(api.deps.sql, device.id);
    expect([...(fromRoute?.packages ?? [])].sort()).toEqual([...facts.packages].sort());
    // An unknown serial is an answer the console words ("no box with serial NOPE"), not an error.
    expect(await query('flags.deviceFacts', { serial: 'NOPE' })).toBeNull();
  });

  it('lets only product and admin change flags', async () => {
    const refused = await mutate('flags.create', { key: 'support-flag', definition: onOff() }, 'SUPPORT');
    expect(refused.status).toBe(403);
    const allowed = await mutate('flags.create', { key: 'admin-flag', definition: onOff() }, 'ADMIN');
    expect(allowed.status).toBe(200);
  });
});
