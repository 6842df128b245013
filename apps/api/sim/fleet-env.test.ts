import { EnvError, parseEnv } from '@keten/contracts/env';
import { describe, expect, it } from 'vitest';
import { ZDemoFleetEnvSchema } from './fleet-env';

describe('the demo fleet knobs', () => {
  it('default to on, 200 boxes, a week of history and the three flaws', () => {
    expect(parseEnv(ZDemoFleetEnvSchema, {})).toEqual({
      KETEN_DEMO_FLEET: true,
      KETEN_DEMO_FLEET_BOXES: 200,
      KETEN_DEMO_FLEET_HISTORY_DAYS: 7,
      KETEN_DEMO_FLEET_SEED: 42,
      KETEN_DEMO_FLEET_WORSE_FIRMWARE: 'kaon-kstb6077@2.0.0',
      KETEN_DEMO_FLEET_WORSE_REGION: 'Limburg',
      KETEN_DEMO_FLEET_WORSE_EDGE: 'edge-ein-1',
    });
  });

  it('turn off with 0, and take none for no flaw', () => {
    const env = parseEnv(ZDemoFleetEnvSchema, {
      KETEN_DEMO_FLEET: '0',
      KETEN_DEMO_FLEET_WORSE_FIRMWARE: 'none',
      KETEN_DEMO_FLEET_WORSE_REGION: 'none',
      KETEN_DEMO_FLEET_WORSE_EDGE: 'none',
    });
    expect(env).toMatchObject({
      KETEN_DEMO_FLEET: false,
      KETEN_DEMO_FLEET_WORSE_FIRMWARE: null,
      KETEN_DEMO_FLEET_WORSE_REGION: null,
      KETEN_DEMO_FLEET_WORSE_EDGE: null,
    });
  });

  it('name each bad variable and why', () => {
    const problems = () => {
      try {
        parseEnv(ZDemoFleetEnvSchema, {
          KETEN_DEMO_FLEET: 'yes',
          KETEN_DEMO_FLEET_BOXES: '5000',
          KETEN_DEMO_FLEET_WORSE_FIRMWARE: 'kaon',
          KETEN_DEMO_FLEET_WORSE_EDGE: 'edge-xyz-9',
        });
      } catch (error) {
        return error instanceof EnvError ? error.problems : [];
      }
      return [];
    };
    expect(problems()).toEqual(
      expect.arrayContaining([
        { name: 'KETEN_DEMO_FLEET', reason: 'must be 0 (off) or 1 (on)' },
        { name: 'KETEN_DEMO_FLEET_BOXES', reason: expect.stringMatching(/at most 2000/) },
        { name: 'KETEN_DEMO_FLEET_WORSE_FIRMWARE', reason: expect.stringMatching(/model@version/) },
        {
          name: 'KETEN_DEMO_FLEET_WORSE_EDGE',
          reason: expect.stringMatching(/one of edge-ams-1, .* or none/),
        },
      ]),
    );
  });
});
