import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from './harness';

// Refused input reads the same in every form: the field and what is allowed, never zod's schema words.
describe('validation wording in tRPC errors', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('says what is allowed for each field, and names the field in the summary', async () => {
    const packages = await api.prisma.package.count();
    const response = await api.trpc(
      'packages.create',
      { code: 'LONG', name: 'x'.repeat(81), kind: 'RADIO' },
      { role: 'ADMIN', kind: 'mutation' },
    );
    expect(response.status).toBe(400);
    const error = response.body.error?.json;
    expect(error?.data.zodError?.fieldErrors.name).toEqual(['at most 80 characters']);
    expect(error?.data.zodError?.fieldErrors.kind).toEqual(['choose one of BASE, ADDON']);
    expect(error?.message).toBe('Name: at most 80 characters (and 1 more)');
    expect(JSON.stringify(error)).not.toMatch(/Too big|Invalid (input|option)|expected/);
    expect(await api.prisma.package.count()).toBe(packages);
  });

  it('words a number that is not one, and a number under its minimum', async () => {
    // Refused by its schema before any channel is looked up.
    const response = await api.trpc(
      'channels.qc.update',
      { id: 'no-such-channel', settings: { blackPictureRatio: 0.1, blackSeconds: 'soon' } },
      { role: 'NOC', kind: 'mutation' },
    );
    expect(response.status).toBe(400);
    const fields = response.body.error?.json.data.zodError?.fieldErrors ?? {};
    expect(fields['settings.blackPictureRatio']).toEqual(['at least 0.5']);
    expect(fields['settings.blackSeconds']).toEqual(['enter a number']);
  });
});
