import { z } from 'zod';
import type { TFormErrors } from '../trpc/errors';

/** A form field as text ('' when absent). */
export const textOf = (form: FormData, name: string) => String(form.get(name) ?? '').trim();

/** An optional whole number from a form field; text that is not a number reaches the schema as NaN and is refused there. */
export const countOf = (form: FormData, name: string) => {
  const text = textOf(form, name);
  return text === '' ? undefined : Number(text);
};

/** The same zod schema as the API, run in the browser first: the same messages, next to the same fields. */
export function localErrors(schema: z.ZodType, input: unknown): TFormErrors | undefined {
  const result = schema.safeParse(input);
  if (result.success) return undefined;
  const flat = z.flattenError(result.error);
  const fields: Record<string, string> = {};
  for (const [name, messages] of Object.entries(flat.fieldErrors as Record<string, string[] | undefined>)) {
    const first = messages?.[0];
    if (first) fields[name] = first.charAt(0).toUpperCase() + first.slice(1);
  }
  return { fields, form: flat.formErrors };
}
