import type { SelectOption } from '@keten/ui';
import type { TScheduleChannel } from './types';

/** Channel rows per page of the day grid: a screen's worth, and one small request. */
export const GRID_PAGE_SIZE = 20;

export const channelOptions = (channels: TScheduleChannel[]): SelectOption[] =>
  channels.map((c) => ({ value: c.id, label: `${c.lcn} · ${c.name}` }));

/** Every package some channel is in, by name. */
export function packageOptions(channels: TScheduleChannel[]): SelectOption[] {
  const byCode = new Map<string, string>();
  for (const channel of channels) for (const p of channel.packages) byCode.set(p.code, p.name);
  return [...byCode].sort((a, b) => a[1].localeCompare(b[1])).map(([value, label]) => ({ value, label }));
}

/** Channels whose name, slug or number matches `q`, in `packageCode` when one is chosen; by number. */
export function filterChannels(
  channels: TScheduleChannel[],
  q: string | undefined,
  packageCode: string | undefined,
) {
  const needle = q?.trim().toLowerCase();
  return channels.filter(
    (c) =>
      (!packageCode || c.packages.some((p) => p.code === packageCode)) &&
      (!needle ||
        c.name.toLowerCase().includes(needle) ||
        c.slug.includes(needle) ||
        String(c.lcn) === needle),
  );
}
