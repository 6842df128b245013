import { EnvError, parseEnv } from '@keten/contracts/env';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { incidentFrom, ZEdgeIncidentSpecSchema } from './edge-incident';
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

  it('take a bad edge for a while (KETEN_DEMO_FLEET_BAD_EDGE), and refuse a malformed one with the form', () => {
    const schema = z.object({ KETEN_DEMO_FLEET_BAD_EDGE: ZEdgeIncidentSpecSchema.prefault('none') });
    expect(parseEnv(schema, {}).KETEN_DEMO_FLEET_BAD_EDGE).toBeNull();
    const spec = parseEnv(schema, {
      KETEN_DEMO_FLEET_BAD_EDGE: 'edge-rtm-1:50:10-25:+400',
    }).KETEN_DEMO_FLEET_BAD_EDGE;
    expect(spec && incidentFrom(spec, 1_000_000)).toEqual({
      edge: 'edge-rtm-1',
      from: 1_000_000 + 600_000,
      to: 1_000_000 + 1_500_000,
      errorRate: 0.5,
      extraTtfbMs: 400,
    });
    for (const bad of ['edge-rtm-1', 'edge-rtm-1:50:25-10', 'edge-rtm-1:150:1-2', 'edge-xyz-1:50:1-2']) {
      expect(() => parseEnv(schema, { KETEN_DEMO_FLEET_BAD_EDGE: bad })).toThrow(/KETEN_DEMO_FLEET_BAD_EDGE/);
    }
  });
});
