import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { humanizeField, labelledMessage } from './issue-wording';
import { ZQcSettingsSchema } from './live';

const messages = (schema: z.ZodType, input: unknown) =>
  Object.fromEntries(
    (schema.safeParse(input).error?.issues ?? []).map((issue) => [issue.path.join('.'), issue.message]),
  );

describe('validation wording', () => {
  it('says what is allowed instead of zod’s schema words', () => {
    const schema = z.object({
      name: z.string().max(80),
      bitrateKbps: z.number(),
      ratio: z.number().min(0.5),
      count: z.int().min(1),
      email: z.email(),
      kind: z.enum(['LIVE', 'VOD']),
      tags: z.array(z.string()).min(1),
      code: z.string().min(2),
      missing: z.string(),
    });
    expect(
      messages(schema, {
        name: 'x'.repeat(81),
        bitrateKbps: Number.NaN,
        ratio: 0.1,
        count: 1.5,
        email: 'nope',
        kind: 'RADIO',
        tags: [],
        code: 'a',
      }),
    ).toEqual({
      name: 'at most 80 characters',
      bitrateKbps: 'enter a number',
      ratio: 'at least 0.5',
      count: 'enter a whole number',
      email: 'enter an email address',
      kind: 'choose one of LIVE, VOD',
      tags: 'choose at least one',
      code: 'at least 2 characters',
      missing: 'required',
    });
  });

  it('keeps a schema’s own message', () => {
    expect(messages(z.object({ end: z.number().min(1, 'must be after the start') }), { end: 0 })).toEqual({
      end: 'must be after the start',
    });
  });

  it('words the shared contracts the same way (the QC thresholds a channel form sends)', () => {
    const wrong = messages(ZQcSettingsSchema.partial(), { blackPictureRatio: 0.1 });
    expect(wrong.blackPictureRatio).toBe('at least 0.5');
  });
});

describe('labels', () => {
  it('puts the form’s label in front, without its unit', () => {
    expect(labelledMessage('Name', 'at most 80 characters')).toBe('Name: at most 80 characters');
    expect(labelledMessage('Bitrate (kbit/s)', 'enter a number')).toBe('Bitrate: enter a number');
    expect(labelledMessage('Initial password', 'Must be at least 12 characters')).toBe(
      'Initial password: must be at least 12 characters',
    );
    // A domain error's whole sentence stays as it is; a predicate that names a value keeps its capitals.
    expect(labelledMessage('LCN', 'LCN 1 is already used by NPO 1.')).toBe('LCN 1 is already used by NPO 1.');
    expect(labelledMessage('LCN', 'LCN 1 is used')).toBe('LCN: LCN 1 is used');
    expect(labelledMessage('Name', 'Name: at most 80 characters')).toBe('Name: at most 80 characters');
    expect(labelledMessage('Start', 'Start must be a date and time like 2026-10-25 20:30')).toBe(
      'Start: must be a date and time like 2026-10-25 20:30',
    );
  });

  it('humanizes a field path when the form has no label for it', () => {
    expect(humanizeField('sources.1.url')).toBe('Sources 2 URL');
    expect(humanizeField(['rungs', 0, 'bitrateKbps'])).toBe('Rungs 1 bitrate');
    expect(humanizeField('maxConcurrentStreams')).toBe('Max concurrent streams');
    expect(humanizeField('q')).toBe('Search');
  });
});
