import { zId, zInstant, zText } from '@keten/contracts';
import {
  ZCohortRuleSchema,
  ZConfigDocumentSchema,
  ZFlagDefinitionSchema,
  ZRailDefinitionSchema,
  zKey,
} from '@keten/flags';
import { z } from 'zod';

const zNote = () => zText(500).optional();
// Versions are PostgreSQL integers: a larger number is refused here, not by the database (a 500).
const zVersion = (min: number) => z.number().int().min(min).max(2_147_483_647);
const zDescription = () => zText(500).optional();

export const ZCohortCreateSchema = z.object({
  key: zKey('cohort key'),
  name: zText(100).min(1, 'is required'),
  description: zDescription(),
  rule: ZCohortRuleSchema,
});
export type TCohortCreate = z.infer<typeof ZCohortCreateSchema>;

// The key is the cohort's bucket seed: changing it would reshuffle who is in a percentage, so it stays.
export const ZCohortUpdateSchema = ZCohortCreateSchema.omit({ key: true }).extend({ id: zId() });
export type TCohortUpdate = z.infer<typeof ZCohortUpdateSchema>;

export const ZCohortCountSchema = z.object({ key: zKey('cohort key'), rule: ZCohortRuleSchema });

export const ZFlagCreateSchema = z.object({
  key: zKey('flag key'),
  description: zDescription(),
  definition: ZFlagDefinitionSchema,
});
export type TFlagCreate = z.infer<typeof ZFlagCreateSchema>;

export const ZFlagUpdateSchema = z.object({
  id: zId(),
  /** The version the editor started from: a save over someone else's newer one is refused. */
  expectedVersion: zVersion(1),
  description: zDescription(),
  definition: ZFlagDefinitionSchema,
  note: zNote(),
});
export type TFlagUpdate = z.infer<typeof ZFlagUpdateSchema>;

export const ZFlagKillSchema = z.object({ id: zId(), killed: z.boolean(), note: zNote() });
export const ZFlagRevertSchema = z.object({ id: zId(), toVersion: zVersion(1) });

export const ZFlagScheduleSchema = z.object({
  id: zId(),
  at: zInstant(),
  definition: ZFlagDefinitionSchema,
  note: zNote(),
});
export type TFlagSchedule = z.infer<typeof ZFlagScheduleSchema>;

export const ZScheduledChangeIdSchema = z.object({ changeId: zId() });

export const ZDeviceLookupSchema = z.object({ serial: zText(100).min(1, 'type a serial') });

export const ZConfigSaveSchema = z.object({
  expectedVersion: zVersion(0),
  document: ZConfigDocumentSchema,
  note: zNote(),
});
export type TConfigSave = z.infer<typeof ZConfigSaveSchema>;

export const ZCohortDeleteSchema = z.object({ id: zId() });

export const ZRailCreateSchema = z.object({ key: zKey('rail key'), definition: ZRailDefinitionSchema });
export type TRailCreate = z.infer<typeof ZRailCreateSchema>;

export const ZRailUpdateSchema = z.object({
  id: zId(),
  /** The version the editor started from: a save over someone else's newer one is refused. */
  expectedVersion: zVersion(1),
  definition: ZRailDefinitionSchema,
  note: zNote(),
});
export type TRailUpdate = z.infer<typeof ZRailUpdateSchema>;

export const ZRailRevertSchema = z.object({ id: zId(), toVersion: zVersion(1) });
