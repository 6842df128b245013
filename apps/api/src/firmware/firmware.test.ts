import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TRpcResponse } from '../../test/harness';

type TFirmwareModel = {
  id: string;
  code: string;
  deviceCount: number;
  devicesWithoutFirmware: number;
  versions: {
    id: string;
    version: string;
    imageUrl: string;
    sha256: string;
    sizeBytes: number;
    notes: string | null;
    deviceCount: number;
  }[];
};

const dataOf = <T>(response: { body: TRpcResponse }) => response.body.result?.data.json as T;
const fieldErrorsOf = (response: { body: TRpcResponse }) =>
  response.body.error?.json.data.zodError?.fieldErrors ?? {};
const SHA = 'ab'.repeat(32);

describe('firmware catalogue over tRPC (real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let boxModelId: string;
  const valid = () => ({
    boxModelId,
    version: '3.1.0',
    imageUrl: 'https://firmware.example.nl/kaon/3.1.0.img',
    sha256: SHA.toUpperCase(),
    sizeBytes: 187_654_321,
    notes: 'Faster EPG grid.',
  });
  const create = (input: unknown, role: 'PRODUCT' | 'NOC' = 'PRODUCT') =>
    api.trpc('firmware.create', input, { role, kind: 'mutation' });

  beforeAll(async () => {
    api = await startTestApi();
    boxModelId = (
      await api.prisma.boxModel.create({
        data: {
          code: 'fw-test-box',
          vendor: 'Kaon',
          name: 'KSTB test',
          videoCodecs: ['H264'],
          maxH264Profile: 'high',
          maxH264Level: '4.1',
          maxWidth: 1920,
          maxHeight: 1080,
          maxFps: 60,
        },
      })
    ).id;
  }, 60_000);
  afterAll(async () => api?.stop());

  it('adds a version, lists it under its box model with the boxes on it, and audits the change', async () => {
    const created = await create(valid());
    expect(created.status).toBe(200);
    const firmware = dataOf<{ id: string; sha256: string; sizeBytes: number }>(created);
    // The digest is stored as a box computes it: lower-case hex.
    expect(firmware.sha256).toBe(SHA);
    await api.prisma.device.create({
      data: { serial: 'FW-1', mac: 'a4:2b:8c:00:00:01', boxModelId, firmwareVersionId: firmware.id },
    });
    await api.prisma.device.create({ data: { serial: 'FW-2', mac: 'a4:2b:8c:00:00:02', boxModelId } });

    const list = dataOf<TFirmwareModel[]>(
      await api.trpc('firmware.list', { boxModelId }, { role: 'SUPPORT' }),
    );
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ code: 'fw-test-box', deviceCount: 2, devicesWithoutFirmware: 1 });
    expect(list[0]?.versions).toEqual([
      expect.objectContaining({
        version: '3.1.0',
        imageUrl: 'https://firmware.example.nl/kaon/3.1.0.img',
        sha256: SHA,
        sizeBytes: 187_654_321,
        notes: 'Faster EPG grid.',
        deviceCount: 1,
      }),
    ]);

    const audit = await api.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'firmware.create', entityId: firmware.id },
    });
    expect(audit.actorId).toBe(api.operators.PRODUCT.id);
    expect(audit.after).toMatchObject({ version: '3.1.0', sizeBytes: 187_654_321 });
  });

  it('refuses bad input naming the field: digest, URL, size, version', async () => {
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ sha256: 'abc' }, 'sha256', /64 hexadecimal/],
      [{ sha256: 'zz'.repeat(32) }, 'sha256', /64 hexadecimal/],
      [{ imageUrl: 'ftp://firmware.example.nl/a.img' }, 'imageUrl', /http:\/\/ or https:\/\//],
      [{ imageUrl: 'not a url' }, 'imageUrl', /http:\/\/ or https:\/\//],
      [{ sizeBytes: 0 }, 'sizeBytes', /above 0/],
      [{ sizeBytes: 1.5 }, 'sizeBytes', /whole number/],
      [{ version: '' }, 'version', /required/],
    ];
    for (const [change, field, message] of cases) {
      const response = await create({ ...valid(), version: '9.9.9', ...change });
      expect(response.status, field).toBe(400);
      expect(fieldErrorsOf(response)[field]?.join(' '), field).toMatch(message);
    }
    expect(await api.prisma.firmwareVersion.count({ where: { version: '9.9.9' } })).toBe(0);
  });

  it('refuses a second image for the same version, and an unknown box model, naming the field', async () => {
    const duplicate = await create(valid());
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error?.json.data.keten).toMatchObject({ code: 'CONFLICT', field: 'version' });
    const unknown = await create({ ...valid(), boxModelId: 'no-such-model' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.json.data.keten).toMatchObject({ code: 'NOT_FOUND', field: 'boxModelId' });
  });

  it('edits release notes, audited with before and after; the image itself cannot change', async () => {
    const [model] = dataOf<TFirmwareModel[]>(
      await api.trpc('firmware.list', { boxModelId }, { role: 'PRODUCT' }),
    );
    const id = model?.versions[0]?.id ?? '';
    const edited = await api.trpc(
      'firmware.updateNotes',
      { id, notes: 'Faster EPG grid; fixes HDMI-CEC standby.' },
      { role: 'PRODUCT', kind: 'mutation' },
    );
    expect(edited.status).toBe(200);
    expect(dataOf<{ notes: string }>(edited).notes).toBe('Faster EPG grid; fixes HDMI-CEC standby.');
    const audit = await api.prisma.auditEntry.findFirstOrThrow({
      where: { action: 'firmware.notes.update', entityId: id },
    });
    expect(audit.before).toMatchObject({ notes: 'Faster EPG grid.' });
    expect(audit.after).toMatchObject({ notes: 'Faster EPG grid; fixes HDMI-CEC standby.' });

    const sneaky = await api.trpc(
      'firmware.updateNotes',
      { id, notes: 'x', sha256: 'cd'.repeat(32) },
      { role: 'PRODUCT', kind: 'mutation' },
    );
    expect(sneaky.status).toBe(400);
    const missing = await api.trpc(
      'firmware.updateNotes',
      { id: 'no-such-firmware', notes: 'x' },
      { role: 'PRODUCT', kind: 'mutation' },
    );
    expect(missing.body.error?.json.data.keten).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('lets NOC read the catalogue but not change it', async () => {
    expect((await api.trpc('firmware.list', undefined, { role: 'NOC' })).status).toBe(200);
    expect((await create({ ...valid(), version: '4.0.0' }, 'NOC')).status).toBe(403);
    expect((await api.trpc('firmware.list', undefined, { role: 'CONTENT' })).status).toBe(403);
  });
});
