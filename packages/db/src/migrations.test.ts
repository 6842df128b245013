import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from './client';
import { createTestDatabase, DB_PACKAGE_DIR, runPrismaCli, type TestDatabase } from './testing';

const diffArgs = (schema: string) => [
  'migrate',
  'diff',
  '--from-migrations',
  'prisma/migrations',
  '--to-schema-datamodel',
  schema,
  '--exit-code',
];

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('migrations');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('apply from an empty database and leave nothing pending', async () => {
    const applied = await db.prisma.$queryRaw<{ migration_name: string; finished: boolean }[]>`
      SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name`;
    expect(applied.length).toBeGreaterThan(0);
    expect(applied.every((m) => m.finished)).toBe(true);

    const status = await runPrismaCli(['migrate', 'status'], db.url);
    expect(status.output).toContain('Database schema is up to date');
    expect(status.code).toBe(0);

    const tables = await db.prisma.$queryRaw<{ table_name: string }[]>`
      SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`;
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['operators', 'audit_entries', 'channels', 'devices']),
    );
  });

  it('agree with schema.prisma (drift check exits 0)', async () => {
    const diff = await runPrismaCli(diffArgs('prisma/schema.prisma'), db.url);
    expect(diff.output).toContain('No difference detected');
    expect(diff.code).toBe(0);
  });

  it('report drift (exit 2) when the schema has a change without a migration', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keten-drift-'));
    try {
      const schema = await readFile(join(DB_PACKAGE_DIR, 'prisma/schema.prisma'), 'utf8');
      const changed = schema.replace('model Operator {', 'model Operator {\n  nickname String?');
      expect(changed).not.toBe(schema);
      await writeFile(join(dir, 'schema.prisma'), changed);
      const diff = await runPrismaCli(diffArgs(join(dir, 'schema.prisma')), db.url);
      expect(diff.output).toContain('nickname');
      expect(diff.code).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("deploy SQL with ';' inside literals and $$ bodies (adapter-pg would split it; see prisma.config.ts)", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keten-migrations-'));
    try {
      await cp(join(DB_PACKAGE_DIR, 'prisma/migrations'), join(dir, 'migrations'), { recursive: true });
      await mkdir(join(dir, 'migrations/29991231000000_semicolons'));
      await writeFile(
        join(dir, 'migrations/29991231000000_semicolons/migration.sql'),
        [
          `COMMENT ON TABLE "channels" IS 'one; two';`,
          'CREATE FUNCTION keten_probe() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$;',
          '',
        ].join('\n'),
      );
      // Our config, pointed at the copied folder: `migrate deploy` applies only the extra migration.
      const config = join(dir, 'prisma.config.ts');
      await writeFile(
        config,
        [
          `import base from ${JSON.stringify(join(DB_PACKAGE_DIR, 'prisma.config.ts'))};`,
          `export default { ...base, schema: ${JSON.stringify(join(DB_PACKAGE_DIR, 'prisma/schema.prisma'))},`,
          `  migrations: { ...base.migrations, path: ${JSON.stringify(join(dir, 'migrations'))} } };`,
        ].join('\n'),
      );
      const deploy = await runPrismaCli(['migrate', 'deploy', '--config', config], db.url);
      expect(deploy.output).toContain('29991231000000_semicolons');
      expect(deploy.code).toBe(0);
      const [row] = await db.prisma.$queryRaw<{ comment: string; probe: number }[]>`
        SELECT obj_description('channels'::regclass) AS comment, keten_probe() AS probe`;
      expect(row).toEqual({ comment: 'one; two', probe: 1 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leave no shadow databases behind', async () => {
    const shadows = await db.prisma.$queryRaw<{ datname: string }[]>`
      SELECT datname::text FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`;
    expect(shadows).toEqual([]);
  });

  it('enforce the constraints the services rely on', async () => {
    const { prisma } = db;
    const operator = await prisma.operator.create({
      data: { email: 'a@keten.test', name: 'A', passwordHash: 'x', role: 'ADMIN' },
    });
    const duplicate = prisma.operator.create({
      data: { email: 'a@keten.test', name: 'B', passwordHash: 'x', role: 'NOC' },
    });
    await expect(duplicate).rejects.toSatisfy(
      (error) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002',
    );

    // The audit trail outlives the operator: actorId goes null, actorEmail stays.
    await prisma.auditEntry.create({
      data: {
        actorId: operator.id,
        actorEmail: operator.email,
        action: 'operator.create',
        entityType: 'operator',
        entityId: operator.id,
        after: { role: 'ADMIN' },
      },
    });
    await prisma.operator.delete({ where: { id: operator.id } });
    const [entry] = await prisma.auditEntry.findMany({ where: { entityId: operator.id } });
    expect(entry).toMatchObject({ actorId: null, actorEmail: 'a@keten.test', after: { role: 'ADMIN' } });

    // A channel's sources go with it, and its on-air pointer is a real foreign key.
    const channel = await prisma.channel.create({
      data: {
        lcn: 999,
        name: 'Test',
        slug: 'test',
        genre: 'GENERAL',
        language: 'nl',
        sources: { create: [{ priority: 1, protocol: 'UDP', url: 'udp://239.0.0.1:1234' }] },
      },
      include: { sources: true },
    });
    await prisma.channel.update({
      where: { id: channel.id },
      data: { onAirSourceId: channel.sources[0]?.id },
    });
    await prisma.channelSource.delete({ where: { id: channel.sources[0]?.id } });
    expect((await prisma.channel.findUniqueOrThrow({ where: { id: channel.id } })).onAirSourceId).toBeNull();
    await prisma.channel.delete({ where: { id: channel.id } });
  });
});
