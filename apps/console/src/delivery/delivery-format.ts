/** Bytes as people compare them: 1.2 GB, 340 MB, 12 kB (decimal units, as CDN bills count). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** An edge id as the view names it: '' is the origin answering boxes with no CDN between. */
export const edgeLabel = (key: string) => (key === '' ? 'Origin (direct)' : key);

/** The `edge` parameter of the view for a row's key ('-' selects the origin's direct answers). */
export const edgeParam = (key: string) => (key === '' ? '-' : key);

export const DELIVERY_RANGES = [
  { value: '1h', label: 'Last hour', ms: 3600_000 },
  { value: '6h', label: 'Last 6 hours', ms: 6 * 3600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
] as const;
export type TDeliveryRange = (typeof DELIVERY_RANGES)[number]['value'];

export const rangeOf = (value: string | null) =>
  DELIVERY_RANGES.find((range) => range.value === value) ?? DELIVERY_RANGES[0];
