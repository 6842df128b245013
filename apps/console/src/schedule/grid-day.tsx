'use client';

import { amsterdamDayBounds, formatAmsterdamTime } from '@keten/contracts';
import { useEffect, useRef } from 'react';
import {
  DAY_HOUR_PX,
  DRAG_SNAP_MINUTES,
  HOUR_MS,
  hoursOfDay,
  place,
  SLOT_MINUTES,
  snap,
} from './grid-geometry';
import { formatSlotRange, isRepeatedHour } from './local-time';
import { justDragged, ProgrammeBlock, type TPoint } from './programme-block';
import type { TProgramme, TScheduleChannel } from './types';

export interface TGridActions {
  canEdit: boolean;
  movingId?: string;
  onAdd: (channelId: string, start: Date) => void;
  onOpen: (programme: TProgramme) => void;
  onMove: (programme: TProgramme, start: Date, channelId: string) => void;
}

interface Props extends TGridActions {
  channels: TScheduleChannel[];
  date: string;
  programmes: TProgramme[];
  now: Date;
}

const ROW_PX = 52;
const LABEL_PX = 176;

/**
 * The row or column inside `box` whose rectangle holds the point (where a block was dropped). By geometry, not by
 * hit testing: under the pointer lies the dragged block itself, still a child of the row it came from.
 */
export function targetAt(box: HTMLElement | null, selector: string, point: TPoint): HTMLElement | undefined {
  for (const element of box?.querySelectorAll<HTMLElement>(selector) ?? []) {
    const r = element.getBoundingClientRect();
    if (point.x >= r.left && point.x < r.right && point.y >= r.top && point.y < r.bottom) return element;
  }
  return undefined;
}

/** Channels down, the day's real hours across (23 or 25 on change-over days); now is a red line. */
export function DayGrid({
  channels,
  date,
  programmes,
  now,
  canEdit,
  movingId,
  onAdd,
  onOpen,
  onMove,
}: Props) {
  const { from, to } = amsterdamDayBounds(date);
  const hours = hoursOfDay(date);
  const width = hours.length * DAY_HOUR_PX;
  const scroller = useRef<HTMLElement>(null);
  const showsNow = now >= from && now < to;
  const nowPx = ((now.getTime() - from.getTime()) / HOUR_MS) * DAY_HOUR_PX;

  // Opens on the hour before now on today, else on the evening (prime time is what schedulers work on most).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new day scrolls; a refetch or the moving clock must not pull the view back
  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const hour = showsNow ? Math.max(0, nowPx / DAY_HOUR_PX - 1) : 17;
    box.scrollLeft = hour * DAY_HOUR_PX;
  }, [date]);

  const byChannel = new Map<string, TProgramme[]>();
  for (const p of programmes) byChannel.set(p.channelId, [...(byChannel.get(p.channelId) ?? []), p]);

  function drop(programme: TProgramme, start: TPoint, end: TPoint) {
    const row = targetAt(scroller.current, '[data-channel-id]', end);
    if (!row) return;
    const shifted = programme.startsAt.getTime() + ((end.x - start.x) / DAY_HOUR_PX) * HOUR_MS;
    const next = snap(shifted, from.getTime(), DRAG_SNAP_MINUTES, 'round');
    const channelId = row.dataset.channelId ?? programme.channelId;
    if (next.getTime() !== programme.startsAt.getTime() || channelId !== programme.channelId)
      onMove(programme, next, channelId);
  }

  return (
    <section
      ref={scroller}
      aria-label="Schedule grid, day"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls must be reachable by keyboard to scroll it
      tabIndex={0}
      className="max-h-[70vh] overflow-auto"
    >
      <div style={{ width: width + LABEL_PX }} className="relative">
        <div className="sticky top-0 z-30 flex border-b border-slate-200 bg-white">
          <div
            style={{ width: LABEL_PX }}
            className="sticky left-0 z-10 shrink-0 bg-white px-3 py-2 text-xs font-medium text-slate-500"
          >
            Channel
          </div>
          {hours.map((hour) => (
            <div
              key={hour.getTime()}
              data-hour={formatAmsterdamTime(hour)}
              style={{ width: DAY_HOUR_PX }}
              className="shrink-0 border-l border-slate-200 px-1.5 py-2 text-xs tabular-nums text-slate-600"
            >
              {formatAmsterdamTime(hour)}
              {isRepeatedHour(hour) ? <span className="text-slate-500"> (again)</span> : null}
            </div>
          ))}
        </div>
        {channels.map((channel) => (
          <div key={channel.id} data-channel-name={channel.name} className="flex border-b border-slate-100">
            <div
              style={{ width: LABEL_PX, height: ROW_PX }}
              className="sticky left-0 z-10 flex shrink-0 items-center gap-2 border-r border-slate-200 bg-white px-3 text-sm"
            >
              <span className="w-7 text-right tabular-nums text-slate-500">{channel.lcn}</span>
              <span className="truncate font-medium text-slate-800">{channel.name}</span>
            </div>
            {/* biome-ignore lint/a11y/noStaticElementInteractions: the keyboard way to add is the toolbar's "Add programme" (a slot per quarter hour would be thousands of tab stops) */}
            {/* biome-ignore lint/a11y/useKeyWithClickEvents: as above */}
            <div
              data-channel-id={channel.id}
              style={{
                width,
                height: ROW_PX,
                backgroundImage: `repeating-linear-gradient(to right, #e2e8f0 0 1px, transparent 1px ${DAY_HOUR_PX}px)`,
              }}
              className={canEdit ? 'relative cursor-copy' : 'relative'}
              onClick={(event) => {
                if (!canEdit || justDragged()) return;
                const x = event.clientX - event.currentTarget.getBoundingClientRect().left;
                const at = from.getTime() + (x / DAY_HOUR_PX) * HOUR_MS;
                onAdd(channel.id, snap(at, from.getTime(), SLOT_MINUTES, 'floor'));
              }}
            >
              {(byChannel.get(channel.id) ?? []).map((programme) => {
                const spot = place(programme.startsAt, programme.endsAt, from, to, DAY_HOUR_PX);
                return (
                  <ProgrammeBlock
                    key={programme.id}
                    programme={programme}
                    style={{ left: spot.offset, width: Math.max(4, spot.size - 2), top: 4, bottom: 4 }}
                    time={formatSlotRange(programme.startsAt, programme.endsAt, date)}
                    before={spot.before}
                    after={spot.after}
                    canEdit={canEdit}
                    busy={movingId === programme.id}
                    onOpen={onOpen}
                    onDrop={drop}
                  />
                );
              })}
            </div>
          </div>
        ))}
        {showsNow ? (
          <div
            data-now-marker=""
            style={{ left: LABEL_PX + nowPx }}
            className="pointer-events-none absolute top-0 bottom-0 z-20 w-0.5 bg-rose-600"
          >
            <span className="sr-only">Now, {formatAmsterdamTime(now)}</span>
          </div>
        ) : null}
      </div>
    </section>
  );
}
