import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/harness';

describe('operators over tRPC (real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(async () => api?.stop());

  it('creating an operator leaves exactly one audit entry with actor, IP and the new state', async () => {
    const before = await api.prisma.auditEntry.count();
    const response = await api.trpc(
      'operators.create',
      {
        email: 'New.Agent@Example.nl',
        name: 'New Agent',
        role: 'SUPPORT',
        password: 'a-long-enough-password',
      },
      { role: 'ADMIN', kind: 'mutation' },
    );
    expect(response.status).toBe(200);
    const created = response.body.result?.data.json as { id: string; email: string };
    expect(created.email).toBe('new.agent@example.nl');

    const entries = await api.prisma.auditEntry.findMany({ where: { entityId: created.id } });
    expect(await api.prisma.auditEntry.count()).toBe(before + 1);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'operator.create',
      entityType: 'Operator',
      actorId: api.operators.ADMIN.id,
      actorEmail: api.operators.ADMIN.email,
      before: null,
      after: { email: 'new.agent@example.nl', role: 'SUPPORT', disabled: false },
    });
    expect(entries[0]?.ip).toBeTruthy();
    expect(JSON.stringify(entries[0]?.after)).not.toMatch(/passwordHash|argon2/);
  });

  it('a duplicate email is a CONFLICT on the email field and writes nothing', async () => {
    const count = await api.prisma.auditEntry.count();
    const response = await api.trpc(
      'operators.create',
      {
        email: api.operators.SUPPORT.email,
        name: 'Dup',
        role: 'SUPPORT',
        password: 'a-long-enough-password',
      },
      { role: 'ADMIN', kind: 'mutation' },
    );
    expect(response.status).toBe(409);
    expect(response.body.error?.json.data.keten).toEqual({ code: 'CONFLICT', field: 'email' });
    expect(await api.prisma.auditEntry.count()).toBe(count);
  });

  it('malformed input is a 400 naming the field, and changes nothing', async () => {
    const operators = await api.prisma.operator.count();
    const response = await api.trpc(
      'operators.create',
      { email: 'not-an-email', name: 'X', role: 'SUPPORT', password: 'short' },
      { role: 'ADMIN', kind: 'mutation' },
    );
    expect(response.status).toBe(400);
    const fields = response.body.error?.json.data.zodError?.fieldErrors ?? {};
    expect(fields.email?.[0]).toMatch(/email/);
    expect(fields.password?.[0]).toMatch(/12 characters/);
    expect(await api.prisma.operator.count()).toBe(operators);
  });

  it('refuses to demote the last active administrator', async () => {
    const response = await api.trpc(
      'operators.update',
      { id: api.operators.ADMIN.id, role: 'NOC' },
      { role: 'ADMIN', kind: 'mutation' },
    );
    expect(response.status).toBe(409);
    expect(response.body.error?.json.data.keten?.code).toBe('LAST_ADMIN');
    expect((await api.prisma.operator.findUnique({ where: { id: api.operators.ADMIN.id } }))?.role).toBe(
      'ADMIN',
    );
  });

  it('an update records before and after in one entry, and the new role applies at once', async () => {
    const target = api.operators.SUPPORT;
    expect((await api.trpc('operators.list', undefined, { role: 'SUPPORT' })).status).toBe(403);
    const response = await api.trpc(
      'operators.update',
      { id: target.id, role: 'ADMIN' },
      { role: 'ADMIN', kind: 'mutation' },
    );
    expect(response.status).toBe(200);
    const entries = await api.prisma.auditEntry.findMany({
      where: { entityId: target.id, action: 'operator.update' },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]?.before).toMatchObject({ role: 'SUPPORT' });
    expect(entries[0]?.after).toMatchObject({ role: 'ADMIN' });
    // Same session cookie, new role: the API asks the database on every request.
    expect((await api.trpc('operators.list', undefined, { role: 'SUPPORT' })).status).toBe(200);
  });

  it('the audit log lists the newest entries first and filters by entity type', async () => {
    const response = await api.trpc('audit.list', { limit: 10, entityType: 'Operator' }, { role: 'ADMIN' });
    expect(response.status).toBe(200);
    const page = response.body.result?.data.json as { items: { action: string; at: string }[] };
    expect(page.items.map((item) => item.action)).toEqual(['operator.update', 'operator.create']);
  });
});
