import type { TDeliveryViewInput } from '@keten/contracts';
import { readDeliveryByEdge, type TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import type { z } from 'zod';
import type { ZDeliveryViewInputSchema } from './delivery.schema';

type TView = z.output<typeof ZDeliveryViewInputSchema>;

/**
 * The delivery view: per edge (or one edge by channel or rendition) its requests, hit ratio, error rate, TTFB and
 * bytes, next to the QoE of the sessions it served; each edge row named as the console's edges list names it.
 */
export async function deliveryView(
  prisma: PrismaClient,
  clickhouse: TKetenClickHouse,
  input: TView,
): Promise<{ rows: Awaited<ReturnType<typeof readDeliveryByEdge>>; edges: Record<string, string> }> {
  const rows = await readDeliveryByEdge(clickhouse.client, {
    from: input.from.getTime(),
    to: input.to.getTime(),
    group: input.group,
    edge: input.edge,
  });
  const known = await prisma.cdnEdge.findMany({ select: { name: true, location: true } });
  return { rows, edges: Object.fromEntries(known.map((edge) => [edge.name, edge.location])) };
}

export type { TDeliveryViewInput };
