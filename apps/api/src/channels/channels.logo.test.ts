import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

// A 1×1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);
const SVG = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');

describe('channel logos (type by magic bytes, size, stored under the media root)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let channelId: string;
  beforeAll(async () => {
    api = await startTestApi();
    const channel = await api.prisma.channel.create({
      data: { lcn: 42, name: 'Logo TV', slug: 'logo-tv', genre: 'GENERAL', language: 'nl' },
    });
    channelId = channel.id;
  });
  afterAll(async () => api?.stop());

  const upload = (bytes: Buffer, contentType: string) =>
    api.trpc(
      'channels.setLogo',
      { id: channelId, contentType, logo: bytes.toString('base64') },
      { role: 'CONTENT', kind: 'mutation' },
    );

  it('stores a PNG under <mediaRoot>/logos/, audits it and serves it at /media/logos/', async () => {
    const response = await upload(PNG, 'image/png');
    expect(response.status).toBe(200);
    const view = response.body.result?.data.json as { logoPath: string; logoUrl: string };
    expect(view.logoPath).toMatch(/^logos\/logo-tv-[0-9a-f]{10}\.png$/);
    expect(await readFile(join(api.deps.mediaRoot, view.logoPath))).toEqual(PNG);
    const served = await api.app.inject({ method: 'GET', url: view.logoUrl });
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.rawPayload).toEqual(PNG);
    const entries = await api.prisma.auditEntry.findMany({ where: { entityId: channelId } });
    expect(entries.map((e) => e.action)).toEqual(['channel.logo']);
    expect(entries[0]?.after).toMatchObject({ logoPath: view.logoPath });
  });

  it('accepts an SVG by its content', async () => {
    expect((await upload(SVG, 'image/svg+xml')).status).toBe(200);
  });

  it('refuses a file whose bytes are not an image, whatever it claims to be', async () => {
    const before = await api.prisma.channel.findUniqueOrThrow({ where: { id: channelId } });
    const response = await upload(Buffer.from('MZ\x90\x00 definitely not a picture'), 'image/png');
    expect(response.status).toBe(400);
    expect(response.body.error?.json.data.keten).toEqual({ code: 'INVALID_INPUT', field: 'logo' });
    expect(response.body.error?.json.message).toMatch(/PNG, SVG, JPEG or WebP/);
    const after = await api.prisma.channel.findUniqueOrThrow({ where: { id: channelId } });
    expect(after.logoPath).toBe(before.logoPath);
  });

  it('refuses a PNG declared as JPEG, and an SVG with a script', async () => {
    const mismatch = await upload(PNG, 'image/jpeg');
    expect(mismatch.body.error?.json.message).toMatch(/says it is image\/jpeg/);
    const scripted = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect((await upload(scripted, 'image/svg+xml')).body.error?.json.data.keten?.field).toBe('logo');
  });

  it('refuses a logo over 256 KB', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(256 * 1024)]);
    const response = await upload(big, 'image/png');
    expect(response.status).toBe(400);
    expect(response.body.error?.json.message).toMatch(/limit is 256 KB/);
    const huge = await upload(Buffer.alloc(600 * 1024), 'image/png');
    expect(huge.body.error?.json.data.zodError?.fieldErrors.logo?.[0]).toMatch(/256 KB/);
  });

  it('serves nothing outside the logos folder', async () => {
    for (const url of ['/media/logos/..%2F..%2Fetc%2Fpasswd', '/media/logos/missing.png', '/media/x.png']) {
      const response = await api.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    }
  });
});
