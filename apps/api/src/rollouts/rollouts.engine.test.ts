import { randomUUID } from 'node:crypto';
import type { TFirmwareReported, TFirmwareTarget } from '@keten/contracts';
import { insertQoeEvents, migrateClickHouse } from '@keten/db/clickhouse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minuteOfAttempts, startReceiver } from '../alerts/alerts.fixtures';
import { alertsRouter } from '../alerts/alerts.router';
import { webhookKeyring } from '../alerts/alerts.secrets';
import { attemptDelivery, SIGNATURE_HEADER, verifySignature } from '../alerts/alerts.webhooks';
import { startDeviceApi } from '../device-api/device-api.fixtures';
import { createCallerFactory } from '../trpc/trpc';
import type { TGuardrailVerdict } from './guardrails';
import { tickRollouts } from './rollouts.engine';
import { boxFor, clearRollouts, scriptedJudge } from './rollouts.fixtures';
import { rolloutsRouter } from './rollouts.router';
import { haltRollout, resumeRollout, rollbackRollout, startRollout } from './rollouts.service';

const MODEL = 'kaon-kstb6077';
// Whole minutes in the past: the engine's clock is injected, ClickHouse holds what the test writes for these times.
const T0 = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3600_000);
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('firmware rollouts: waves, soak, halts, rollback and the box’s side (real stores, injected clock)', () => {
  let api: Awaited<ReturnType<typeof startDeviceApi>>;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let webhookSecret = '';
  let rolloutId = '';
  let verdict: TGuardrailVerdict = 'pass';
  const judge = scriptedJudge(() => verdict);
  const rollouts = (role: 'PRODUCT' | 'NOC' | 'SUPPORT' = 'PRODUCT') =>
    createCallerFactory(rolloutsRouter)(api.contextFor(role));
  const deps = () => ({
    prisma: api.prisma,
    redis: api.redis,
    clickhouse: api.deps.clickhouse,
    workerQueuePrefix: api.deps.workerQueuePrefix,
  });
  const product = () => ({ id: api.operators.PRODUCT.id, email: api.operators.PRODUCT.email, ip: null });
  const firmware = (version: string) =>
    api.prisma.firmwareVersion.findFirstOrThrow({ where: { version, boxModel: { code: MODEL } } });
  const getFirmware = (token: string) =>
    api.app.inject({ method: 'GET', url: '/v1/firmware', headers: { authorization: `Bearer ${token}` } });
  const report = (token: string, version: string) =>
    api.app.inject({
      method: 'POST',
      url: '/v1/firmware/report',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ version }),
    });
  let inWave: Awaited<ReturnType<typeof boxFor>>;
  let outside: Awaited<ReturnType<typeof boxFor>>;
  let stillOld: Awaited<ReturnType<typeof boxFor>>;
  let updatedToken = '';

  beforeAll(async () => {
    api = await startDeviceApi({ fetchPolicy: { testOnlyAllowLoopback: true } });
    await migrateClickHouse(api.deps.clickhouse.client);
    receiver = await startReceiver();
    const webhook = await createCallerFactory(alertsRouter)(api.contextFor('ADMIN')).webhooks.create({
      name: 'noc',
      url: receiver.url,
      minSeverity: 'INFO',
    });
    webhookSecret = webhook.secret;
    await clearRollouts(api.prisma, MODEL);
  }, 180_000);
  afterAll(async () => {
    await receiver?.close();
    await api?.stop();
  });

  it('refuses bad plans naming the field', async () => {
    const cohort = await api.prisma.cohort.findUniqueOrThrow({ where: { key: 'all-kaon' } });
    const target = await firmware('2.0.0');
    const plan = { name: 'bad', firmwareVersionId: target.id, cohortId: cohort.id };
    const refused = async (input: unknown) => {
      const answer = await api.trpc('rollouts.create', input, { role: 'PRODUCT', kind: 'mutation' });
      expect(answer.status).toBe(400);
      const error = answer.body.error?.json as {
        message: string;
        data: { zodError: { fieldErrors: Record<string, string[]> } | null; keten: { field: string } | null };
      };
      return {
        message: error.message,
        fields: Object.keys(error.data.zodError?.fieldErrors ?? {}),
        keten: error.data.keten?.field,
      };
    };
    const notGrowing = await refused({
      ...plan,
      waves: [
        { percent: 10, soakMinutes: 60 },
        { percent: 10, soakMinutes: 60 },
        { percent: 100, soakMinutes: 0 },
      ],
    });
    expect(notGrowing.fields).toContain('waves.1.percent');
    expect(notGrowing.message).toMatch(/more than the wave before/);
    const short = await refused({ ...plan, waves: [{ percent: 50, soakMinutes: 60 }] });
    expect(short.fields).toContain('waves.0.percent');
    const negativeSoak = await refused({ ...plan, waves: [{ percent: 100, soakMinutes: -5 }] });
    expect(negativeSoak.fields).toContain('waves.0.soakMinutes');
    const badGuardrail = await refused({
      ...plan,
      waves: [{ percent: 100, soakMinutes: 0 }],
      guardrails: { maxVsfDelta: 5 },
    });
    expect(badGuardrail.fields).toContain('guardrails.maxVsfDelta');
    // Checked against the catalogue: another model's version to roll back to, a version without an image.
    const otherModel = await api.prisma.firmwareVersion.findFirstOrThrow({
      where: { boxModel: { code: { not: MODEL } } },
    });
    const wrongRollback = await refused({
      ...plan,
      waves: [{ percent: 100, soakMinutes: 0 }],
      rollbackFirmwareVersionId: otherModel.id,
    });
    expect(wrongRollback.keten).toBe('rollbackFirmwareVersionId');
    const unpublished = await firmware('1.8.2');
    await api.prisma.firmwareVersion.update({ where: { id: unpublished.id }, data: { imageUrl: null } });
    const noImage = await refused({
      ...plan,
      firmwareVersionId: unpublished.id,
      waves: [{ percent: 100, soakMinutes: 0 }],
    });
    expect(noImage.keten).toBe('firmwareVersionId');
    expect(noImage.message).toMatch(/no image/);
  });

  it('starts wave 1, soaks, and advances only on a passing verdict after the soak; every change audited', async () => {
    const cohort = await api.prisma.cohort.findUniqueOrThrow({ where: { key: 'all-kaon' } });
    const created = await rollouts().create({
      name: 'Kaon 2.0.0',
      firmwareVersionId: (await firmware('2.0.0')).id,
      cohortId: cohort.id,
      waves: [
        { percent: 10, soakMinutes: 10 },
        { percent: 50, soakMinutes: 30 },
        { percent: 100, soakMinutes: 0 },
      ],
    });
    rolloutId = created.id;
    expect(created.state).toBe('DRAFT');
    // The previous version was found by release date.
    expect(created.rollbackFirmwareVersion?.version).toBe('1.9.0');
    expect(created.firmwareVersion.sizeBytes).toBeGreaterThan(0);
    await startRollout(deps(), product(), rolloutId, at(0));

    const ticks: [number, TGuardrailVerdict][] = [
      [1, 'pass'],
      [9.5, 'pass'],
      [10, 'insufficient'],
      [10.5, 'pass'],
    ];
    const changes: string[] = [];
    for (const [minute, next] of ticks) {
      verdict = next;
      const report = await tickRollouts(deps(), at(minute), judge);
      expect(report.failed).toEqual([]);
      changes.push(...report.changes.map((change) => `${minute}: ${change.change}`));
    }
    // Not before the soak, not on "insufficient" after it: on the first pass after 10 minutes.
    expect(changes).toEqual(['10.5: wave 2 started']);

    const rollout = await rollouts('NOC').get({ id: rolloutId });
    expect(rollout.state).toBe('RUNNING');
    expect(rollout.waves.map((wave) => wave.state)).toEqual(['COMPLETED', 'RUNNING', 'PENDING']);
    expect(rollout.waves[1]?.startedAt).toEqual(at(10.5));
    expect(rollout.progress.reachedPercent).toBe(50);
    expect(rollout.progress.currentWave).toBe(2);
    // Wave sizes over the active Kaon boxes: about 10 % and 40 % of them.
    const eligible = rollout.progress.eligible;
    expect(eligible).toBeGreaterThan(20);
    expect(rollout.waves.reduce((sum, wave) => sum + wave.targeted, 0)).toBe(eligible);
    expect(rollout.guardrailChecks).toHaveLength(4);
    expect(rollout.latestCheck?.verdict).toBe('pass');
    // Newest first (the rollout was created at the wall clock, after the injected T0: left out here).
    expect(rollout.events.filter((event) => event.kind !== 'CREATED').map((event) => event.kind)).toEqual([
      'WAVE_STARTED',
      'WAVE_COMPLETED',
      'STARTED',
    ]);

    const audit = await api.prisma.auditEntry.findMany({
      where: { entityType: 'FirmwareRollout', entityId: rolloutId },
      orderBy: { at: 'asc' },
    });
    expect(audit.map((entry) => [entry.action, entry.actorEmail])).toEqual([
      ['rollout.create', api.operators.PRODUCT.email],
      ['rollout.start', api.operators.PRODUCT.email],
      ['rollout.advance', 'system:rollout-engine'],
    ]);
  });

  it('tells a box of a reached wave to install the new image, and the others to stay', async () => {
    // A box of wave 2 (reached at 50 %, not already at 10 %): the rollout's id is new each run, so are the buckets.
    inWave = await boxFor(api, {
      boxModel: MODEL,
      firmware: '1.9.0',
      rolloutId,
      percent: 50,
      inWave: true,
      notWithin: 10,
    });
    outside = await boxFor(api, {
      boxModel: MODEL,
      firmware: '1.9.0',
      rolloutId,
      percent: 50,
      inWave: false,
    });
    const offered = await getFirmware(inWave.pair.accessToken);
    expect(offered.statusCode).toBe(200);
    const target = offered.json() as TFirmwareTarget;
    const image = await firmware('2.0.0');
    expect(target).toMatchObject({
      action: 'install',
      reason: 'rollout',
      rolloutId,
      version: '2.0.0',
      imageUrl: image.imageUrl,
      sha256: image.sha256,
      sizeBytes: Number(image.sizeBytes),
    });
    expect(target.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await getFirmware(outside.pair.accessToken)).statusCode).toBe(204);
    expect((await api.app.inject({ method: 'GET', url: '/v1/firmware' })).statusCode).toBe(401);
  });

  it('counts a box as updated only once it reported the new version and then played a first frame on it', async () => {
    const unknown = await report(inWave.pair.accessToken, '9.9.9');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'INVALID_INPUT', field: 'version' });
    expect((await report(inWave.pair.accessToken, '')).json()).toMatchObject({ field: 'version' });

    // A first frame on 2.0.0 before the report does not count (the engine's clock: before the report's time).
    const reported = await report(inWave.pair.accessToken, '2.0.0');
    expect(reported.statusCode).toBe(200);
    const body = reported.json() as TFirmwareReported;
    expect(body.firmware).toBe('2.0.0');
    updatedToken = body.accessToken;
    const claims = JSON.parse(Buffer.from(updatedToken.split('.')[1] ?? '', 'base64url').toString('utf8'));
    expect(claims.fw).toBe('2.0.0');
    const row = await api.prisma.device.findUniqueOrThrow({
      where: { id: inWave.id },
      select: { firmwareVersion: { select: { version: true } }, firmwareReport: true },
    });
    expect(row.firmwareVersion?.version).toBe('2.0.0');
    expect(row.firmwareReport?.firstFrameAt).toBeNull();
    // On the version it was offered: nothing more to install (with the new token, and with the old one too).
    expect((await getFirmware(updatedToken)).statusCode).toBe(204);
    expect((await getFirmware(inWave.pair.accessToken)).statusCode).toBe(204);

    const reportedAt = row.firmwareReport?.reportedAt ?? new Date();
    const frame = (time: Date, firmware: string) => {
      const sessionId = randomUUID();
      const base = {
        deviceId: inWave.id,
        subscriberId: 'sub',
        boxModel: MODEL,
        firmware,
        channelId: 'npo1',
        sessionId,
      };
      return [
        { ...base, seq: 0, eventTime: time, eventType: 'attempt' as const },
        {
          ...base,
          seq: 1,
          eventTime: new Date(time.getTime() + 700),
          eventType: 'first_frame' as const,
          startMs: 700,
        },
      ];
    };
    // Before the report, and after it but on the old firmware: neither counts.
    await insertQoeEvents(api.deps.clickhouse.client, [
      ...frame(new Date(reportedAt.getTime() - 60_000), '2.0.0'),
      ...frame(new Date(reportedAt.getTime() + 5_000), '1.9.0'),
    ]);
    verdict = 'pass';
    expect((await tickRollouts(deps(), at(11), judge)).confirmed).toBe(0);
    await insertQoeEvents(
      api.deps.clickhouse.client,
      frame(new Date(reportedAt.getTime() + 10_000), '2.0.0'),
    );
    expect((await tickRollouts(deps(), at(11.5), judge)).confirmed).toBe(1);
    const rollout = await rollouts().get({ id: rolloutId });
    expect(rollout.progress.updated).toBe(1);
    expect(rollout.waves.find((wave) => wave.ordinal === 2)?.updated ?? 0).toBe(1);
    const audit = await api.prisma.auditEntry.findFirst({
      where: { action: 'device.firmware-report', entityId: inWave.id },
    });
    expect(audit?.actorEmail).toBe(`device:${inWave.serial}`);
  });

  it('halts at once on a halt verdict, tells the NOC through a signed webhook, and offers nothing new while halted', async () => {
    verdict = 'halt';
    const report = await tickRollouts(deps(), at(12), judge);
    expect(report.changes).toEqual([{ rolloutId, change: 'halted' }]);
    // A later pass does not move a halted rollout.
    verdict = 'pass';
    expect((await tickRollouts(deps(), at(60), judge)).changes).toEqual([]);

    const rollout = await rollouts().get({ id: rolloutId });
    expect(rollout.state).toBe('HALTED');
    expect(rollout.haltReason).toMatch(/^Guardrails breached at wave 2 \(50 %\): Rebuffering ratio worse/);
    expect(rollout.waves[1]?.state).toBe('HALTED');
    const halted = rollout.events.find((event) => event.kind === 'HALTED');
    expect(halted?.actorEmail).toBe('system:rollout-engine');
    expect(halted?.figures).toMatchObject({ checks: [{ metric: 'rebufferingRatio', breached: true }] });
    expect(
      await api.prisma.auditEntry.count({
        where: { entityId: rolloutId, action: 'rollout.halt', actorEmail: 'system:rollout-engine' },
      }),
    ).toBe(1);
    // Boxes not yet updated stay where they are while the halt is looked at.
    stillOld = await boxFor(api, {
      boxModel: MODEL,
      firmware: '1.9.0',
      rolloutId,
      percent: 50,
      inWave: true,
    });
    expect((await getFirmware(stillOld.pair.accessToken)).statusCode).toBe(204);

    // The alert: open (in the NOC's bell) and owed to the webhook; delivered signed.
    const alert = await api.prisma.alertEvent.findFirstOrThrow({
      where: { groupKey: rolloutId, state: 'FIRING' },
      include: { deliveries: true, rule: true },
    });
    expect(alert.severity).toBe('CRITICAL');
    expect(alert.rule.name).toBe('Firmware rollouts');
    expect(alert.rule.enabled).toBe(false);
    const delivery = alert.deliveries[0];
    if (!delivery) throw new Error('no delivery owed for the halt');
    const outcome = await attemptDelivery(
      {
        prisma: api.prisma,
        webhookKeys: webhookKeyring(api.deps),
        fetchPolicy: { testOnlyAllowLoopback: true },
      },
      delivery.id,
      true,
    );
    expect(outcome).toEqual({ delivered: true });
    const received = receiver.received.at(-1);
    if (!received) throw new Error('the receiver got nothing');
    expect(verifySignature(webhookSecret, String(received.headers[SIGNATURE_HEADER]), received.body)).toBe(
      true,
    );
    const message = JSON.parse(received.body) as {
      text: string;
      keten: { severity: string; dimensions: Record<string, string> };
    };
    expect(message.text).toMatch(/^\[CRITICAL\] FIRING: Rollout Kaon 2\.0\.0 halted by its guardrails/);
    expect(message.keten.dimensions).toMatchObject({
      rollout: 'Kaon 2.0.0',
      firmware: `${MODEL} 2.0.0`,
      wave: '2',
    });
    // Start and advance were owed too (INFO), each once.
    expect(await api.prisma.alertDelivery.count({ where: { event: { groupKey: rolloutId } } })).toBe(3);
  });

  it('resumes and halts by hand (roles enforced, reason required), then rolls back: the wave’s boxes are told the previous version', async () => {
    await expect(rollouts('NOC').resume({ id: rolloutId, reason: null })).rejects.toThrow(/roles/);
    await expect(rollouts().halt({ id: rolloutId, reason: 'again' })).rejects.toThrow(/halted/);
    await resumeRollout(deps(), product(), { id: rolloutId, reason: 'false alarm: CDN incident' }, at(70));
    let rollout = await rollouts().get({ id: rolloutId });
    expect(rollout.state).toBe('RUNNING');
    // The soak starts over.
    expect(rollout.waves[1]?.startedAt).toEqual(at(70));
    // The halt's alert closed with the resume.
    expect(await api.prisma.alertEvent.count({ where: { groupKey: rolloutId, state: 'FIRING' } })).toBe(0);
    await expect(rollouts().halt({ id: rolloutId, reason: '  ' })).rejects.toThrow(/is required: say why/);
    await haltRollout(deps(), product(), { id: rolloutId, reason: 'support calls about audio' }, at(75));
    await rollbackRollout(deps(), product(), { id: rolloutId, reason: 'audio drops on 2.0.0' }, at(80));
    rollout = await rollouts().get({ id: rolloutId });
    expect(rollout.state).toBe('ROLLED_BACK');
    expect(rollout.finishedAt).toEqual(at(80));

    // The updated box is told to go back; a box of the wave still on 1.9.0 and one outside it stay.
    const back = await getFirmware(updatedToken);
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ action: 'install', reason: 'rollback', version: '1.9.0', rolloutId });
    expect((await getFirmware(stillOld.pair.accessToken)).statusCode).toBe(204);
    expect((await getFirmware(outside.pair.accessToken)).statusCode).toBe(204);

    const audit = await api.prisma.auditEntry.findMany({
      where: { entityId: rolloutId, action: { in: ['rollout.resume', 'rollout.halt', 'rollout.rollback'] } },
      orderBy: { at: 'asc' },
      select: { action: true, actorEmail: true, after: true },
    });
    expect(audit.map((entry) => entry.action)).toEqual([
      'rollout.halt',
      'rollout.resume',
      'rollout.halt',
      'rollout.rollback',
    ]);
    expect(audit.at(-1)?.after).toMatchObject({ state: 'ROLLED_BACK', reason: 'audio drops on 2.0.0' });
    // Rollback cannot run twice.
    await expect(rollouts().rollback({ id: rolloutId, reason: 'again' })).rejects.toThrow(/rolled back/);
  });

  it('halts on the real guardrails over ClickHouse: start failures far worse on the new firmware', async () => {
    const cohort = await api.prisma.cohort.findUniqueOrThrow({ where: { key: 'all-kaon' } });
    const created = await rollouts().create({
      name: 'Kaon 2.0.0 again',
      firmwareVersionId: (await firmware('2.0.0')).id,
      cohortId: cohort.id,
      waves: [
        { percent: 20, soakMinutes: 60 },
        { percent: 100, soakMinutes: 0 },
      ],
      guardrails: { minAttempts: 100, minPlays: 100 },
    });
    const start = at(120);
    await startRollout(deps(), product(), created.id, start);
    // Ten minutes: 40 attempts a minute on each side; 2.0.0 fails to start 10 in 40, 1.9.0 one in 40.
    const events = Array.from({ length: 10 }, (_, m) => new Date(start.getTime() + m * 60_000)).flatMap(
      (minute) => [
        ...minuteOfAttempts(minute, 40, 10, { boxModel: MODEL, firmware: '2.0.0' }),
        ...minuteOfAttempts(minute, 40, 1, { boxModel: MODEL, firmware: '1.9.0' }),
      ],
    );
    await insertQoeEvents(api.deps.clickhouse.client, events);
    const report = await tickRollouts(deps(), new Date(start.getTime() + 11 * 60_000));
    expect(report.failed).toEqual([]);
    expect(report.changes).toEqual([{ rolloutId: created.id, change: 'halted' }]);
    const rollout = await rollouts().get({ id: created.id });
    // Which of VSF and error rate (both 25 % vs 2.5 % here) crosses first is the guardrails' statistics to decide.
    expect(rollout.haltReason).toMatch(
      /(Video start failures|Sessions with errors) worse: 25\.00 % on the new firmware/,
    );
    const series = await rollouts().compare({
      id: created.id,
      from: start,
      to: new Date(start.getTime() + 10 * 60_000),
    });
    expect(series.stepSeconds).toBe(60);
    expect(series.points).toHaveLength(10);
    expect(series.points[0]?.treatment.vsf).toBeCloseTo(0.25, 5);
    expect(series.points[0]?.control.vsf).toBeCloseTo(0.025, 5);
  });
});
