import { describe, expect, it } from 'vitest';
import { parseFleetArgs } from './args';

const ENV = { DATABASE_URL: 'postgresql://keten@127.0.0.1/keten', DEVICE_PROVISIONING_SECRET: 'secret' };

describe('fleet CLI arguments', () => {
  it('takes defaults from the brief and secrets from the environment', () => {
    const args = parseFleetArgs(['--boxes', '25', '--minutes', '10', '--speed', '10'], ENV);
    expect(args).toMatchObject({
      api: 'http://127.0.0.1:4000',
      boxes: 25,
      minutes: 10,
      speed: 10,
      endsAgo: 0,
      rate: 0,
      seed: 42,
      provisioningSecret: 'secret',
      worse: 'kaon-kstb6077@2.0.0',
    });
    expect(parseFleetArgs(['--worse', 'none'], ENV).worse).toBeNull();
    expect(parseFleetArgs(['--ends-ago', '1500'], ENV).endsAgo).toBe(1500);
  });

  it.each([
    [['--boxes', '0'], '--boxes must be positive'],
    [['--boxes', 'many'], '--boxes must be a number'],
    [['--boxes', '2.5'], '--boxes must be a whole number'],
    [['--speed', '0.5'], '--speed must be at least 1'],
    [['--ends-ago=-1'], '--ends-ago must be 0 or more'],
    [['--ends-ago', '9000'], '--ends-ago must be at most 8640 minutes'],
    [['--api', 'localhost'], '--api must be a URL'],
    [['--worse', 'kaon'], '--worse must be model@version'],
    [['--box', '3'], "Unknown option '--box'"],
  ])('%j → %s', (argv, message) => {
    expect(() => parseFleetArgs(argv, ENV)).toThrow(message);
  });

  it('names the missing secret and database', () => {
    expect(() => parseFleetArgs([], {})).toThrow(
      /--provisioning-secret \(or DEVICE_PROVISIONING_SECRET\) is required/,
    );
    expect(() => parseFleetArgs([], { DEVICE_PROVISIONING_SECRET: 's' })).toThrow(
      /--database-url \(or DATABASE_URL\)/,
    );
  });
});
