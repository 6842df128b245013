import { humanizeField, labelledMessage } from '@keten/contracts';
import { TRPCClientError } from '@trpc/client';
import { z } from 'zod';

const ZErrorDataSchema = z.object({
  code: z.string().optional(),
  zodError: z
    .object({
      fieldErrors: z.record(z.string(), z.array(z.string()).optional()),
      formErrors: z.array(z.string()),
    })
    .nullish(),
  /** A domain error from apps/api (KetenError): stable code and, when one caused it, the field. */
  keten: z.object({ code: z.string(), field: z.string().nullish() }).nullish(),
});

/** Client-side 4xx codes: retrying will not help, and the UI says what to do instead. */
const CLIENT_ERROR_CODES = new Set([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'UNPROCESSABLE_CONTENT',
  'TOO_MANY_REQUESTS',
]);

function dataOf(error: unknown): z.infer<typeof ZErrorDataSchema> | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const parsed = ZErrorDataSchema.safeParse(error.data);
  return parsed.success ? parsed.data : undefined;
}

/** The tRPC error code (FORBIDDEN, BAD_REQUEST, …) for 4xx errors; undefined for network or server faults. */
export function errorCodeOf(error: unknown): string | undefined {
  const code = dataOf(error)?.code;
  return code && CLIENT_ERROR_CODES.has(code) ? code : undefined;
}

export interface TFormErrors {
  /** First message per field, keyed by the input's field name. */
  fields: Record<string, string>;
  /** Messages not tied to a field (and the error's own message when there is no zodError). */
  form: string[];
}

/** Splits a mutation error into messages to show next to each field and above the form. */
export function formErrorsOf(error: unknown): TFormErrors {
  const data = dataOf(error);
  const message = error instanceof Error && error.message ? error.message : 'Something went wrong.';
  if (data?.zodError) {
    const fields: Record<string, string> = {};
    for (const [name, messages] of Object.entries(data.zodError.fieldErrors)) {
      const first = messages?.[0];
      if (first) fields[name] = sentence(first);
    }
    return { fields, form: data.zodError.formErrors.map(sentence) };
  }
  const field = data?.keten?.field;
  return field ? { fields: { [field]: message }, form: [] } : { fields: {}, form: [message] };
}

/** The API words field messages as predicates ("must be at least 12 characters"); under a label they start a sentence. */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

// Filters a list view sends, in the words of its toolbar; any other field by its humanized name.
const FILTER_LABELS: Record<string, string> = { q: 'Search', actor: 'Operator' };

/** A sentence for an error state: role refusals, refused filters, outages and API faults read differently. */
export function describeQueryError(error: unknown): string {
  const data = dataOf(error);
  const code = data?.code;
  if (code === 'FORBIDDEN') return 'Your role does not give access to this information.';
  // A refused filter (a NUL pasted into the search): say which and why, not the API's words.
  const [field, messages] = Object.entries(data?.zodError?.fieldErrors ?? {})[0] ?? [];
  if (code === 'BAD_REQUEST' && field && messages?.[0]) {
    return `${labelledMessage(FILTER_LABELS[field] ?? humanizeField(field), messages[0])}.`;
  }
  if (code === 'UNAUTHORIZED') return 'Your session has ended. Sign in again.';
  // No tRPC error shape: the request never reached apps/api (down, or the rewrite failed).
  if (!code) return 'The Keten API could not be reached. Check that it is running, then try again.';
  const message = error instanceof Error && error.message ? `: ${error.message}` : '.';
  return `The Keten API reported an error${message}`;
}
