import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { readSqlFile } from '../sql-file';
import { rowsOf } from './delivery-read';

const addressesSql = readSqlFile('sharing-addresses.sql', import.meta.url);
const concurrencySql = readSqlFile('sharing-concurrency.sql', import.meta.url);
const restreamSql = readSqlFile('sharing-restream.sql', import.meta.url);

const zCount = z.number().nonnegative();
const ZAddressRowSchema = z.object({
  device_id: z.string(),
  addresses_n: zCount,
  addresses: z.array(z.string()),
  requests_n: zCount,
});
const ZConcurrencyRowSchema = z.object({ max_boxes_n: zCount, minutes_over_n: zCount, refused_n: zCount });
const ZRestreamRowSchema = z.object({
  device_id: z.string(),
  windows_n: zCount,
  parallel_windows_n: zCount,
  max_renditions_n: zCount,
  segments_n: zCount,
  without_beacons_n: zCount,
});

export interface TSharingFacts {
  addresses: z.infer<typeof ZAddressRowSchema>[];
  concurrency: z.infer<typeof ZConcurrencyRowSchema>;
  restream: z.infer<typeof ZRestreamRowSchema>[];
}

/** The delivery facts behind the support page's sharing signals, for a subscriber's boxes over [from, to). */
export async function readSharingFacts(
  client: ClickHouseClient,
  query: { from: number; to: number; subscriberId: string; devices: string[]; limit: number },
): Promise<TSharingFacts> {
  const params = {
    from: query.from,
    to: query.to,
    subscriber: query.subscriberId,
    devices: query.devices,
    limit: query.limit,
  };
  const [addresses, concurrency, restream] = await Promise.all([
    rowsOf(client, addressesSql, params, ZAddressRowSchema),
    rowsOf(client, concurrencySql, params, ZConcurrencyRowSchema),
    rowsOf(client, restreamSql, params, ZRestreamRowSchema),
  ]);
  return {
    addresses,
    concurrency: concurrency[0] ?? { max_boxes_n: 0, minutes_over_n: 0, refused_n: 0 },
    restream,
  };
}

const alertBoxesSql = readSqlFile('sharing-alert-boxes.sql', import.meta.url);
const alertAccountsSql = readSqlFile('sharing-alert-accounts.sql', import.meta.url);

const ZAlertBoxesRowSchema = z.object({
  boxes_n: zCount,
  many_addresses_n: zCount,
  parallel_renditions_n: zCount,
  without_beacons_n: zCount,
});
const ZAlertAccountRowSchema = z.object({
  subscriber_id: z.string(),
  max_boxes_n: zCount,
  refused_n: zCount,
});

export interface TSharingAlertThresholds {
  addresses: number;
  minWindows: number;
  parallelShare: number;
  minSegments: number;
  unbeaconedShare: number;
}

export interface TSharingAlertFacts {
  boxes: z.infer<typeof ZAlertBoxesRowSchema>;
  /** Accounts with more than one box at once or a CONCURRENCY_LIMIT refusal, for the caller to hold to their limits. */
  accounts: z.infer<typeof ZAlertAccountRowSchema>[];
}

/** The fleet-wide counts behind the sharing alert metrics over [from, to) (alerts/README.md "SHARING"). */
export async function readSharingAlertFacts(
  client: ClickHouseClient,
  query: { from: number; to: number; thresholds: TSharingAlertThresholds; accounts: boolean },
): Promise<TSharingAlertFacts> {
  const params = { from: query.from, to: query.to, ...query.thresholds };
  const [boxes, accounts] = await Promise.all([
    rowsOf(client, alertBoxesSql, params, ZAlertBoxesRowSchema),
    query.accounts ? rowsOf(client, alertAccountsSql, params, ZAlertAccountRowSchema) : [],
  ]);
  return {
    boxes: boxes[0] ?? { boxes_n: 0, many_addresses_n: 0, parallel_renditions_n: 0, without_beacons_n: 0 },
    accounts,
  };
}
