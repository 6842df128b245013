import { z } from 'zod';

/** Operator roles, in the words operators use. ADMIN may do everything. */
export const ROLES = ['ADMIN', 'NOC', 'CONTENT', 'SUPPORT', 'PRODUCT'] as const;
export const ZRoleSchema = z.enum(ROLES);
export type TRole = z.infer<typeof ZRoleSchema>;

export const ROLE_LABELS: Record<TRole, string> = {
  ADMIN: 'Administrator',
  NOC: 'NOC engineer',
  CONTENT: 'Content manager',
  SUPPORT: 'Support agent',
  PRODUCT: 'Product manager',
};
