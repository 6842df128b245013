import { hash, verify } from '@node-rs/argon2';
import type { PrismaClient, Role } from '../generated/prisma/client';

// argon2id with OWASP's baseline (19 MiB, 2 passes), the same parameters apps/api hashes with.
const ARGON2ID = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** One demo operator per role; all share the password from DEMO_PASSWORD. */
export const DEMO_OPERATORS: { email: string; name: string; role: Role }[] = [
  { email: 'admin@keten.demo', name: 'Sanne Visser', role: 'ADMIN' },
  { email: 'noc@keten.demo', name: 'Daan Bakker', role: 'NOC' },
  { email: 'content@keten.demo', name: 'Lotte Smit', role: 'CONTENT' },
  { email: 'support@keten.demo', name: 'Bram Mulder', role: 'SUPPORT' },
  { email: 'product@keten.demo', name: 'Fleur de Boer', role: 'PRODUCT' },
];

/**
 * Create the demo operators, or give an existing one the demo password if it no longer matches.
 * Returns how many rows were created or updated.
 */
export async function seedOperators(
  prisma: PrismaClient,
  password: string,
): Promise<{ created: number; updated: number }> {
  if (!password)
    throw new Error('DEMO_PASSWORD is empty: set it to the password the demo operators should sign in with');
  let created = 0;
  let updated = 0;
  for (const operator of DEMO_OPERATORS) {
    const existing = await prisma.operator.findUnique({ where: { email: operator.email } });
    if (!existing) {
      await prisma.operator.create({ data: { ...operator, passwordHash: await hash(password, ARGON2ID) } });
      created++;
    } else if (!(await verify(existing.passwordHash, password).catch(() => false))) {
      await prisma.operator.update({
        where: { id: existing.id },
        data: { passwordHash: await hash(password, ARGON2ID) },
      });
      updated++;
    }
  }
  return { created, updated };
}
