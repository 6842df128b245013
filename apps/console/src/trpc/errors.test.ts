import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { describeQueryError, errorCodeOf, formErrorsOf } from './errors';

function trpcError(message: string, data: unknown): TRPCClientError<never> {
  const error = new TRPCClientError<never>(message);
  Object.defineProperty(error, 'data', { value: data });
  return error;
}

describe('formErrorsOf', () => {
  it('puts zod messages next to their fields', () => {
    const error = trpcError('bad', {
      code: 'BAD_REQUEST',
      zodError: { fieldErrors: { password: ['must be at least 12 characters'] }, formErrors: [] },
    });
    expect(formErrorsOf(error)).toEqual({ fields: { password: 'Must be at least 12 characters' }, form: [] });
  });

  it('puts a domain error on the field that caused it', () => {
    const error = trpcError('An operator with this email already exists.', {
      code: 'CONFLICT',
      zodError: null,
      keten: { code: 'CONFLICT', field: 'email' },
    });
    expect(formErrorsOf(error).fields.email).toBe('An operator with this email already exists.');
  });

  it('keeps other errors for the top of the form', () => {
    expect(formErrorsOf(new Error('offline'))).toEqual({ fields: {}, form: ['offline'] });
  });
});

describe('errorCodeOf', () => {
  it('knows refusals and ignores server faults', () => {
    expect(errorCodeOf(trpcError('no', { code: 'FORBIDDEN' }))).toBe('FORBIDDEN');
    expect(errorCodeOf(trpcError('boom', { code: 'INTERNAL_SERVER_ERROR' }))).toBeUndefined();
  });
});

describe('describeQueryError', () => {
  it('says which filter was refused and why, in words', () => {
    const refused = (field: string) =>
      trpcError('q: must not contain control characters', {
        code: 'BAD_REQUEST',
        zodError: { fieldErrors: { [field]: ['must not contain control characters'] }, formErrors: [] },
      });
    expect(describeQueryError(refused('q'))).toBe('Search: must not contain control characters.');
    expect(describeQueryError(refused('entityId'))).toBe('Entity ID: must not contain control characters.');
  });

  it('tells an unreachable API from an API fault', () => {
    expect(describeQueryError(new TRPCClientError('Unexpected token'))).toMatch(/could not be reached/);
    expect(describeQueryError(trpcError('db down', { code: 'INTERNAL_SERVER_ERROR' }))).toBe(
      'The Keten API reported an error: db down',
    );
  });
});
