import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEFAULT_WORSE_FIRMWARE } from './profiles';

const positiveInt = (flag: string) =>
  z.coerce
    .number({ error: `--${flag} must be a number` })
    .int(`--${flag} must be a whole number`)
    .positive(`--${flag} must be positive`);

export const ZFleetArgsSchema = z.object({
  api: z
    .url({ error: '--api must be a URL like http://127.0.0.1:4000' })
    .transform((url) => url.replace(/\/+$/, '')),
  boxes: positiveInt('boxes'),
  /** Simulated minutes; wall time is minutes / speed. */
  minutes: z.coerce.number({ error: '--minutes must be a number' }).positive('--minutes must be positive'),
  speed: z.coerce.number({ error: '--speed must be a number' }).min(1, '--speed must be at least 1'),
  /** Simulated time ends this many minutes before the run does (a past stretch of viewing; the API takes 7 days). */
  endsAgo: z.coerce
    .number({ error: '--ends-ago must be a number' })
    .min(0, '--ends-ago must be 0 or more')
    .max(6 * 24 * 60, '--ends-ago must be at most 8640 minutes (the API refuses beacons over 7 days old)'),
  /** Cap on beacon events posted per second across the fleet; 0 = as fast as they are due. */
  rate: z.coerce.number({ error: '--rate must be a number' }).min(0, '--rate must be 0 or more'),
  seed: z.coerce.number({ error: '--seed must be a number' }).int('--seed must be a whole number'),
  provisioningSecret: z
    .string({ error: '--provisioning-secret (or DEVICE_PROVISIONING_SECRET) is required' })
    .min(1),
  databaseUrl: z.string({ error: '--database-url (or DATABASE_URL) is required to pick devices' }).min(1),
  /** `model@version` made worse, or `none`. */
  worse: z
    .string()
    .regex(/^(none|[a-z0-9-]+@[\w.-]+)$/, '--worse must be model@version (e.g. kaon-kstb6077@2.0.0) or none')
    .transform((value) => (value === 'none' ? null : value)),
  concurrency: positiveInt('concurrency'),
  /** Wall seconds a box holds events before sending fewer than a full batch. */
  flush: z.coerce.number({ error: '--flush must be a number' }).positive('--flush must be positive'),
  progress: z.coerce.number({ error: '--progress must be a number' }).positive('--progress must be positive'),
});
export type TFleetArgs = z.infer<typeof ZFleetArgsSchema>;

export class FleetArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FleetArgsError';
  }
}

export const USAGE = `usage: fleet.ts --boxes N --minutes M [--api http://127.0.0.1:4000] [--speed 1] [--ends-ago 0] [--rate 0]
  [--seed 42] [--provisioning-secret S] [--database-url URL] [--worse kaon-kstb6077@2.0.0|none]
  [--concurrency 16] [--flush 2] [--progress 5]`;

/** argv (without node and script) + the environment → validated options; a clear error names the flag. */
export function parseFleetArgs(argv: string[], env: Record<string, string | undefined>): TFleetArgs {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      options: {
        api: { type: 'string', default: 'http://127.0.0.1:4000' },
        boxes: { type: 'string', default: '10' },
        minutes: { type: 'string', default: '10' },
        speed: { type: 'string', default: '1' },
        'ends-ago': { type: 'string', default: '0' },
        rate: { type: 'string', default: '0' },
        seed: { type: 'string', default: '42' },
        'provisioning-secret': { type: 'string' },
        'database-url': { type: 'string' },
        worse: { type: 'string', default: DEFAULT_WORSE_FIRMWARE },
        concurrency: { type: 'string', default: '16' },
        flush: { type: 'string', default: '2' },
        progress: { type: 'string', default: '5' },
      },
    }).values;
  } catch (error) {
    throw new FleetArgsError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const parsed = ZFleetArgsSchema.safeParse({
    ...values,
    endsAgo: values['ends-ago'],
    provisioningSecret: values['provisioning-secret'] ?? env.DEVICE_PROVISIONING_SECRET,
    databaseUrl: values['database-url'] ?? env.DATABASE_URL,
  });
  if (!parsed.success) {
    throw new FleetArgsError(`${parsed.error.issues.map((issue) => issue.message).join('\n')}\n${USAGE}`);
  }
  return parsed.data;
}
