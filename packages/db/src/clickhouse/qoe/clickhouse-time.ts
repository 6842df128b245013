/** DateTime64(3) text in UTC: both backends format a JS Date parameter in whole seconds, so pass this instead. */
export function toClickHouseTime(date: Date): string {
  return formatClickHouseTime(date.getTime());
}

const HOUR_MS = 3_600_000;
// Events of one batch share an hour: its 'YYYY-MM-DD hh:' prefix is made once (toISOString is the costly part).
let cachedHour = Number.NaN;
let cachedPrefix = '';

/** Epoch ms as `YYYY-MM-DD hh:mm:ss.mmm` (UTC), the DateTime64(3) text ClickHouse parses in JSONEachRow. */
export function formatClickHouseTime(ms: number): string {
  const hour = Math.floor(ms / HOUR_MS);
  if (hour !== cachedHour) {
    cachedPrefix = new Date(hour * HOUR_MS).toISOString().slice(0, 14).replace('T', ' ');
    cachedHour = hour;
  }
  const inHour = ms - hour * HOUR_MS;
  const minutes = Math.floor(inHour / 60_000);
  const seconds = Math.floor((inHour % 60_000) / 1000);
  const millis = inHour % 1000;
  return `${cachedPrefix}${minutes < 10 ? '0' : ''}${minutes}:${seconds < 10 ? '0' : ''}${seconds}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}`;
}
