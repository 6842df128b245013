import { TRPCClientError } from '@trpc/client';
import { z } from 'zod';
import { formErrorsOf } from '../trpc/errors';
import type { TFieldErrors } from './ladder-draft';

const ZImpactSchema = z.object({
  boxModels: z.array(
    z.object({
      code: z.string(),
      vendor: z.string(),
      name: z.string(),
      subscribers: z.number(),
      devices: z.number(),
    }),
  ),
  subscribers: z.number(),
  devices: z.number(),
});
export type TImpact = z.infer<typeof ZImpactSchema>;

const ZDetailsSchema = z.object({
  keten: z.object({
    code: z.string(),
    details: z
      .object({ issues: z.array(z.object({ field: z.string(), message: z.string() })).optional() })
      .loose()
      .optional(),
  }),
});

/** A save error split into per-field messages, a form message, and the compatibility refusal if it was one. */
export function saveErrorsOf(error: unknown): { fields: TFieldErrors; form: string[]; refusal?: TImpact } {
  const data = error instanceof TRPCClientError ? ZDetailsSchema.safeParse(error.data) : undefined;
  const keten = data?.success ? data.data.keten : undefined;
  if (keten?.code === 'COMPATIBILITY_REFUSED') {
    const impact = ZImpactSchema.safeParse(keten.details);
    if (impact.success) return { fields: {}, form: [], refusal: impact.data };
  }
  const issues = keten?.details?.issues;
  if (issues?.length) {
    const fields: TFieldErrors = {};
    for (const issue of issues)
      fields[issue.field] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
    return { fields, form: [] };
  }
  return formErrorsOf(error);
}
