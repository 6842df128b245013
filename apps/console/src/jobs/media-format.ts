const SIZE = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** "812 KB", "1.4 GB": sizes as a file manager shows them. */
export function formatSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${SIZE.format(value)} ${units[unit]}`;
}

/** A media length as editors write it: "0:42", "12:05", "1:32:05". */
export function formatLength(seconds: number): string {
  const whole = Math.round(seconds);
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}
