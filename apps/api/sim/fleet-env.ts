import { z } from 'zod';
import { DEFAULT_WORSE_EDGE } from './edge-traffic';
import { DEFAULT_WORSE_FIRMWARE, DEFAULT_WORSE_REGION, EDGES } from './profiles';

const noneOr = <T extends z.ZodType<string>>(schema: T) =>
  z.union([z.literal('none').transform(() => null), schema]);

/**
 * The demo fleet's knobs (.env.example, README "Demo fleet"), read by apps/api (the history backfill) and by the
 * fleet process (the live boxes) alike, so both play the same boxes with the same flaws.
 */
export const ZDemoFleetEnvSchema = z.object({
  /** 1: ./keten up runs the demo fleet and the API writes its history at first start; 0: neither. */
  KETEN_DEMO_FLEET: z
    .enum(['0', '1'], { error: 'must be 0 (off) or 1 (on)' })
    .default('1')
    .transform((value) => value === '1'),
  /** Seeded boxes the fleet plays (picked across every model and firmware). */
  KETEN_DEMO_FLEET_BOXES: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(2000, 'must be at most 2000 (the machine carries a few hundred boxes)')
    .default(200),
  /** Days of history written at first start (0: none). */
  KETEN_DEMO_FLEET_HISTORY_DAYS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be 0 or more')
    .max(30, 'must be at most 30')
    .default(7),
  KETEN_DEMO_FLEET_SEED: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .default(42),
  /** model@version of the firmware that buffers worse, or none. */
  KETEN_DEMO_FLEET_WORSE_FIRMWARE: noneOr(
    z.string().regex(/^[a-z0-9-]+@[\w.-]+$/, 'must be model@version (e.g. kaon-kstb6077@2.0.0) or none'),
  ).default(DEFAULT_WORSE_FIRMWARE),
  /** The province whose boxes fail to start more often, or none. */
  KETEN_DEMO_FLEET_WORSE_REGION: noneOr(z.string().min(1, 'must be a province name or none')).default(
    DEFAULT_WORSE_REGION,
  ),
  /** The CDN edge that answers worse (more misses and errors, slower first bytes), or none. */
  KETEN_DEMO_FLEET_WORSE_EDGE: noneOr(
    z
      .string()
      .refine(
        (edge) => (EDGES as readonly string[]).includes(edge),
        `must be one of ${EDGES.join(', ')} or none`,
      ),
  ).default(DEFAULT_WORSE_EDGE),
});
export type TDemoFleetEnv = z.infer<typeof ZDemoFleetEnvSchema>;
