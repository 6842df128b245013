import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seed } from '@keten/db/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

describe('home.summary', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let mediaRoot: string;
  beforeAll(async () => {
    api = await startTestApi();
    mediaRoot = await mkdtemp(join(tmpdir(), 'keten-home-'));
    await seed(api.prisma, { mediaRoot, subscribers: 300, epgDaysEachSide: 0 });
  });
  afterAll(async () => {
    await api?.stop();
    await rm(mediaRoot, { recursive: true, force: true });
  });

  it('gives a product manager the active boxes per firmware version, adding up to the active fleet', async () => {
    const response = await api.trpc('home.summary', undefined, { role: 'PRODUCT' });
    const summary = response.body.result?.data.json as {
      firmwareShare: { boxModel: string; firmware: string; devices: number }[];
    };
    const activeWithFirmware = await api.prisma.device.count({
      where: { status: 'ACTIVE', firmwareVersionId: { not: null } },
    });
    expect(summary.firmwareShare.length).toBe(await api.prisma.firmwareVersion.count());
    expect(summary.firmwareShare.reduce((sum, row) => sum + row.devices, 0)).toBe(activeWithFirmware);
    expect(activeWithFirmware).toBeGreaterThan(0);
  });

  it('shows counts to every role but the firmware breakdown and audit trail only where they belong', async () => {
    const noc = (await api.trpc('home.summary', undefined, { role: 'NOC' })).body.result?.data.json as {
      counts: { channels: number; subscribers: number };
      firmwareShare: unknown[];
      recentAudit: unknown[];
    };
    expect(noc.counts.subscribers).toBe(300);
    expect(noc.counts.channels).toBeGreaterThan(70);
    expect(noc.firmwareShare).toEqual([]);
    expect(noc.recentAudit).toEqual([]);
  });

  it("gives an administrator the latest operators' changes, named as in the audit log, without box activations", async () => {
    const created = await api.trpc(
      'subscribers.create',
      { accountNumber: 'KT7700901', name: 'Henk Huisman', region: 'Utrecht' },
      { role: 'SUPPORT', kind: 'mutation' },
    );
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const box = await api.prisma.device.findFirstOrThrow({ select: { id: true, serial: true } });
    // Newer than the operator's change: a box's own activation, as a fleet writes thousands of.
    await api.prisma.auditEntry.create({
      data: {
        actorEmail: `device:${box.serial}`,
        action: 'device.activate',
        entityType: 'Device',
        entityId: box.id,
      },
    });
    const admin = (await api.trpc('home.summary', undefined, { role: 'ADMIN' })).body.result?.data.json as {
      recentAudit: {
        action: string;
        actor: { kind: string; name: string; detail: string | null };
        entity: { name: string | null };
      }[];
    };
    expect(admin.recentAudit.some((entry) => entry.actor.kind === 'box')).toBe(false);
    expect(admin.recentAudit[0]).toMatchObject({
      action: 'subscriber.create',
      actor: { kind: 'operator', name: api.operators.SUPPORT.name, detail: api.operators.SUPPORT.email },
      entity: { name: 'Henk Huisman' },
    });
  });
});
