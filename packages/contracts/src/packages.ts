import { z } from 'zod';
import { zId } from './bounds';
import { zText } from './text';

export const PACKAGE_KINDS = ['BASE', 'ADDON'] as const;
export type TPackageKind = (typeof PACKAGE_KINDS)[number];

const packageFields = {
  code: zText(32)
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9][A-Z0-9_-]{1,31}$/, 'must be 2–32 letters, digits, dashes or underscores'),
  name: zText(80).trim().min(1, 'is required'),
  kind: z.enum(PACKAGE_KINDS),
  description: zText(500, { multiline: true }).trim().optional(),
};

export const ZPackageCreateSchema = z.object(packageFields);
export type TPackageCreateInput = z.input<typeof ZPackageCreateSchema>;

export const ZPackageUpdateSchema = z.object({ id: zId(), ...packageFields });
export type TPackageUpdateInput = z.input<typeof ZPackageUpdateSchema>;

/** Bulk edit: many channels in or out of one package in a single change. */
export const ZPackageMembershipSchema = z
  .object({
    packageId: zId(),
    add: z.array(zId()).max(2000).default([]),
    remove: z.array(zId()).max(2000).default([]),
  })
  .refine((input) => input.add.length + input.remove.length > 0, {
    message: 'choose at least one channel to add or remove',
    path: ['add'],
  });
export type TPackageMembershipInput = z.input<typeof ZPackageMembershipSchema>;

export const ZLineupPreviewSchema = z.object({
  packageIds: z.array(zId()).max(50),
});
