import type { TSqlPool } from '@keten/db/client';

/** What the token check needs of a box's row, and (for /v1/config) its subscriber's region and packages. */
export interface TDeviceRow {
  tokenState: string;
  tokenVersion: number;
  subscriberId: string | null;
  appVersion: string | null;
  region: string | null;
}

export interface TDeviceRowWithFacts extends TDeviceRow {
  /** The firmware the box last reported installed (its token may still carry the one before). */
  installedFirmware: string | null;
  subscriberRegion: string | null;
  packages: string[];
}

// A named statement: node-postgres prepares it once per connection, so a read pays one round trip and no planning.
// The same row plus what /v1/config evaluates against: the subscriber's region and the packages it holds now.
const ROW_WITH_FACTS = {
  name: 'device-auth-row-facts',
  text: `SELECT d.token_state, d.token_version, d.subscriber_id, d.app_version, d.region,
            fv.version AS installed_firmware, s.region AS subscriber_region,
            COALESCE((SELECT array_agg(DISTINCT p.code)
                        FROM subscriptions sub JOIN packages p ON p.id = sub.package_id
                       WHERE sub.subscriber_id = d.subscriber_id AND sub.starts_at <= $2
                         AND (sub.ends_at IS NULL OR sub.ends_at > $2)), '{}') AS packages
       FROM devices d LEFT JOIN subscribers s ON s.id = d.subscriber_id
       LEFT JOIN firmware_versions fv ON fv.id = d.firmware_version_id
      WHERE d.id = $1`,
};

interface TRawRow {
  token_state: string;
  token_version: number;
  subscriber_id: string | null;
  app_version: string | null;
  region: string | null;
}

const rowOf = (raw: TRawRow): TDeviceRow => ({
  tokenState: raw.token_state,
  tokenVersion: raw.token_version,
  subscriberId: raw.subscriber_id,
  appVersion: raw.app_version,
  region: raw.region,
});

/** The row and the subscriber's facts in one round trip (the token check's read, kept by device-row-cache.ts). */
export async function readDeviceRowWithFacts(
  sql: TSqlPool,
  deviceId: string,
  now = new Date(),
): Promise<TDeviceRowWithFacts | null> {
  const { rows } = await sql.query<
    TRawRow & { installed_firmware: string | null; subscriber_region: string | null; packages: string[] }
  >({
    ...ROW_WITH_FACTS,
    values: [deviceId, now],
  });
  const raw = rows[0];
  return raw
    ? {
        ...rowOf(raw),
        installedFirmware: raw.installed_firmware,
        subscriberRegion: raw.subscriber_region,
        packages: raw.packages,
      }
    : null;
}
