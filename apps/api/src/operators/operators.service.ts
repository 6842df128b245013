import { Prisma, type PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { hashPassword } from '../auth/passwords';
import { KetenError } from '../lib/errors';
import type { TOperatorCreateInput, TOperatorUpdateInput } from './operators.schema';

// Never select the password hash: what leaves this module may be shown or audited.
const publicFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  createdAt: true,
  lastLoginAt: true,
} satisfies Prisma.OperatorSelect;

export function listOperators(prisma: PrismaClient) {
  return prisma.operator.findMany({ select: publicFields, orderBy: { email: 'asc' } });
}

export async function createOperator(prisma: PrismaClient, actor: TActor, input: TOperatorCreateInput) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const created = await tx.operator.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: publicFields,
      });
      await recordAudit(tx, actor, {
        action: 'operator.create',
        entityType: 'Operator',
        entityId: created.id,
        after: created,
      });
      return created;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new KetenError('CONFLICT', 'An operator with this email already exists.', 'email');
    }
    throw error;
  }
}

export async function updateOperator(prisma: PrismaClient, actor: TActor, input: TOperatorUpdateInput) {
  return prisma.$transaction(
    async (tx) => {
      const before = await tx.operator.findUnique({ where: { id: input.id }, select: publicFields });
      if (!before) throw new KetenError('NOT_FOUND', 'No operator with this id.', 'id');
      const losesAdmin =
        before.role === 'ADMIN' &&
        !before.disabled &&
        ((input.role && input.role !== 'ADMIN') || input.disabled === true);
      if (losesAdmin) {
        const otherAdmins = await tx.operator.count({
          where: { role: 'ADMIN', disabled: false, id: { not: before.id } },
        });
        if (otherAdmins === 0) {
          throw new KetenError(
            'LAST_ADMIN',
            'This is the last active administrator; appoint another one first.',
            'role',
          );
        }
      }
      // Disabling ends every session the operator has, for good: re-enabling does not bring them back.
      const endsSessions = input.disabled === true && !before.disabled;
      const after = await tx.operator.update({
        where: { id: input.id },
        data: {
          name: input.name,
          role: input.role,
          disabled: input.disabled,
          sessionVersion: endsSessions ? { increment: 1 } : undefined,
        },
        select: publicFields,
      });
      await recordAudit(tx, actor, {
        action: 'operator.update',
        entityType: 'Operator',
        entityId: after.id,
        before,
        after,
      });
      return after;
    },
    { isolationLevel: 'Serializable' },
  );
}
