/** DateTime64(3) text in UTC: both backends format a JS Date parameter in whole seconds, so pass this instead. */
export function toClickHouseTime(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}
