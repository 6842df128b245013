// Shared with the console's forms through @keten/contracts; named here for the API.
export {
  ZLineupPreviewSchema,
  ZPackageCreateSchema,
  ZPackageMembershipSchema,
  ZPackageUpdateSchema,
} from '@keten/contracts';

import type {
  ZLineupPreviewSchema,
  ZPackageCreateSchema,
  ZPackageMembershipSchema,
  ZPackageUpdateSchema,
} from '@keten/contracts';
import type { z } from 'zod';

export type TPackageCreate = z.output<typeof ZPackageCreateSchema>;
export type TPackageUpdate = z.output<typeof ZPackageUpdateSchema>;
export type TPackageMembership = z.output<typeof ZPackageMembershipSchema>;
export type TLineupPreview = z.output<typeof ZLineupPreviewSchema>;
