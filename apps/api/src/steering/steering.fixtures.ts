import {
  encodeDeliveryLine,
  insertDeliveryLines,
  type TDeliveryRecord,
  type TKetenClickHouse,
} from '@keten/db/clickhouse';

/** Test support: `count` segment requests an edge logged over [from, from + spanMs), `errorRate` of them 503s. */
export function edgeRequests(
  edge: string,
  from: number,
  spanMs: number,
  count: number,
  errorRate: number,
  deviceIds: readonly string[],
): TDeliveryRecord[] {
  return Array.from({ length: count }, (_, i): TDeliveryRecord => {
    const failed = i < Math.round(count * errorRate);
    return {
      time: from + Math.floor((i * spanMs) / count),
      source: 'edge',
      edgeId: edge,
      cacheStatus: failed ? 'ERROR' : 'HIT',
      deviceId: deviceIds[i % deviceIds.length] ?? '',
      subscriberId: '',
      sessionId: '',
      channelId: 'npo-1',
      contentId: 'npo-1',
      kind: 'live',
      object: 'segment',
      rendition: 'v1',
      path: `index${i}.ts`,
      status: failed ? 503 : 200,
      errorCode: '',
      bytes: failed ? 0 : 900_000,
      ttfbMs: failed ? 20 : 4,
      durationMs: 40,
      clientIp: '198.51.100.7',
      bitrateKbps: 1800,
    };
  });
}

export async function insertRecords(client: TKetenClickHouse['client'], records: TDeliveryRecord[]) {
  const now = Date.now();
  await insertDeliveryLines(client, records.map((record) => encodeDeliveryLine(record, now)).join(''));
}
