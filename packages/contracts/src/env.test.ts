import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { EnvError, parseEnv } from './env';

const schema = z.object({ DATABASE_URL: z.url(), PORT: z.coerce.number().int().positive() });

describe('parseEnv', () => {
  it('returns typed values when the environment is valid', () => {
    expect(parseEnv(schema, { DATABASE_URL: 'postgresql://a@b/c', PORT: '4000' })).toEqual({
      DATABASE_URL: 'postgresql://a@b/c',
      PORT: 4000,
    });
  });

  it('names a missing variable and a malformed one', () => {
    const run = () => parseEnv(schema, { PORT: 'abc' });
    expect(run).toThrow(EnvError);
    expect(run).toThrow(/DATABASE_URL: is missing/);
    expect(run).toThrow(/PORT: /);
  });
});
