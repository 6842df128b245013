import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import { deviceSessions } from './device-sessions.query';

const WINDOW_DAYS = 7;

/** The subscriber's boxes' last sessions over the past week, from the QoE store. */
export async function subscriberTelemetry(
  prisma: PrismaClient,
  clickhouse: TKetenClickHouse,
  subscriberId: string,
) {
  const devices = await prisma.device.findMany({ where: { subscriberId }, select: { id: true } });
  const since = new Date(Date.now() - WINDOW_DAYS * 86_400_000);
  const sessions = await deviceSessions(clickhouse.client, { deviceIds: devices.map((d) => d.id), since });
  return { windowDays: WINDOW_DAYS, sessions };
}
