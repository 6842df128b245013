import type { TKetenClickHouse } from '@keten/db/clickhouse';
import type { PrismaClient } from '@keten/db/client';
import { z } from 'zod';

const BATCH = 1000;

// Per box: its first first_frame on the reported firmware at or after its own report time.
const FIRST_FRAMES_SQL = `
SELECT device_id, toUnixTimestamp64Milli(min(event_time)) AS first_ms
FROM qoe_events_v1
WHERE event_type = 'first_frame'
    AND box_model = {boxModel:String}
    AND firmware = {firmware:String}
    AND device_id IN {ids:Array(String)}
    AND event_time >= fromUnixTimestamp64Milli({since:Int64}, 'UTC')
    AND toUnixTimestamp64Milli(event_time) >= arrayElement({reportedMs:Array(Int64)}, indexOf({ids:Array(String)}, device_id))
GROUP BY device_id
SETTINGS output_format_json_quote_64bit_integers = 0`;

const ZRowSchema = z.object({ device_id: z.string(), first_ms: z.coerce.number() });

/**
 * A box counts as updated once it reported the new version AND then played a first frame on it (the beacon's
 * firmware comes from the token the report handed back). Fills `firstFrameAt` of the reports still waiting, for the
 * firmware versions given (the rollouts' targets); returns how many boxes became updated.
 */
export async function confirmUpdates(
  deps: { prisma: PrismaClient; clickhouse: TKetenClickHouse },
  firmwareVersionIds: readonly string[],
): Promise<number> {
  if (firmwareVersionIds.length === 0) return 0;
  const waiting = await deps.prisma.deviceFirmwareReport.findMany({
    where: { firmwareVersionId: { in: [...firmwareVersionIds] }, firstFrameAt: null },
    select: {
      deviceId: true,
      reportedAt: true,
      firmwareVersion: { select: { id: true, version: true, boxModel: { select: { code: true } } } },
    },
    orderBy: { reportedAt: 'asc' },
  });
  let confirmed = 0;
  const byVersion = new Map<string, typeof waiting>();
  for (const report of waiting) {
    const list = byVersion.get(report.firmwareVersion.id) ?? [];
    list.push(report);
    byVersion.set(report.firmwareVersion.id, list);
  }
  for (const reports of byVersion.values()) {
    for (let start = 0; start < reports.length; start += BATCH) {
      const batch = reports.slice(start, start + BATCH);
      const first = batch[0];
      if (!first) continue;
      const result = await deps.clickhouse.client.query({
        query: FIRST_FRAMES_SQL,
        query_params: {
          boxModel: first.firmwareVersion.boxModel.code,
          firmware: first.firmwareVersion.version,
          ids: batch.map((report) => report.deviceId),
          reportedMs: batch.map((report) => report.reportedAt.getTime()),
          since: Math.min(...batch.map((report) => report.reportedAt.getTime())),
        },
        format: 'JSONEachRow',
      });
      const rows = z.array(ZRowSchema).parse(await result.json());
      for (const row of rows) {
        // Conditional: a box that reported again meanwhile (another version) is not marked.
        const updated = await deps.prisma.deviceFirmwareReport.updateMany({
          where: {
            deviceId: row.device_id,
            firmwareVersionId: first.firmwareVersion.id,
            firstFrameAt: null,
            reportedAt: { lte: new Date(row.first_ms) },
          },
          data: { firstFrameAt: new Date(row.first_ms) },
        });
        confirmed += updated.count;
      }
    }
  }
  return confirmed;
}
