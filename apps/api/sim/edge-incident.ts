import { z } from 'zod';
import type { TEdgeIncident } from './edge-traffic';
import { EDGES } from './profiles';

/**
 * `KETEN_DEMO_FLEET_BAD_EDGE`: an edge the demo fleet makes bad for a while, `<edge>:<errors %>:<from>-<to>` with
 * minutes after the fleet starts (`edge-rtm-1:50:10-25`: half its requests fail from minute 10 to minute 25), an
 * optional `:+<ms>` adds that much to every first byte meanwhile; `none` (the default) for none.
 */
export const ZEdgeIncidentSpecSchema = z.union([
  z.literal('none').transform(() => null),
  z
    .string()
    .regex(
      /^[a-z0-9-]+:\d{1,3}(\.\d+)?:\d+-\d+(:\+\d+)?$/,
      'must be <edge>:<errors %>:<from min>-<to min>[:+<extra TTFB ms>] (e.g. edge-rtm-1:50:10-25) or none',
    )
    .transform((spec) => {
      const [edge = '', errors = '0', span = '0-0', ttfb] = spec.split(':');
      const [from = 0, to = 0] = span.split('-').map(Number);
      return {
        edge,
        errorRate: Number(errors) / 100,
        fromMinutes: from,
        toMinutes: to,
        extraTtfbMs: Number(ttfb ?? 0),
      };
    })
    .refine(
      (spec) => (EDGES as readonly string[]).includes(spec.edge),
      `the edge must be one of ${EDGES.join(', ')}`,
    )
    .refine((spec) => spec.errorRate <= 1, 'errors must be at most 100 %')
    .refine((spec) => spec.toMinutes > spec.fromMinutes, 'the span must end after it starts'),
]);
export type TEdgeIncidentSpec = NonNullable<z.infer<typeof ZEdgeIncidentSpecSchema>>;

/** The incident in epoch ms of a run that started at `startedAt`. */
export const incidentFrom = (spec: TEdgeIncidentSpec, startedAt: number): TEdgeIncident => ({
  edge: spec.edge,
  from: startedAt + spec.fromMinutes * 60_000,
  to: startedAt + spec.toMinutes * 60_000,
  errorRate: spec.errorRate,
  extraTtfbMs: spec.extraTtfbMs,
});
