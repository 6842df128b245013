'use client';

import { amsterdamDate, amsterdamDayBounds, formatAmsterdamTime } from '@keten/contracts';
import { useEffect, useRef } from 'react';
import { formatDayShort } from '../format';
import { type TGridActions, targetAt } from './grid-day';
import {
  DRAG_SNAP_MINUTES,
  instantAtWallMinutes,
  placeInDay,
  SLOT_MINUTES,
  WEEK_HOUR_PX,
  wallMinutes,
} from './grid-geometry';
import { formatSlotRange, shiftDate } from './local-time';
import { justDragged, ProgrammeBlock, type TPoint } from './programme-block';
import type { TProgramme, TScheduleChannel } from './types';

interface Props extends TGridActions {
  channel: TScheduleChannel;
  /** The Monday the week starts on. */
  monday: string;
  programmes: TProgramme[];
  now: Date;
}

const AXIS_PX = 56;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** One channel's week, Monday to Sunday: a column per day, the wall clock's hours down. Now is a red line. */
export function WeekGrid({
  channel,
  monday,
  programmes,
  now,
  canEdit,
  movingId,
  onAdd,
  onOpen,
  onMove,
}: Props) {
  const days = Array.from({ length: 7 }, (_, i) => shiftDate(monday, i));
  const today = amsterdamDate(now);
  const scroller = useRef<HTMLElement>(null);

  // Opens at 06:00.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new week scrolls; a refetch must not pull the view back
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 6 * WEEK_HOUR_PX;
  }, [monday]);

  function drop(programme: TProgramme, start: TPoint, end: TPoint) {
    const column = targetAt(scroller.current, '[data-day]', end);
    const day = column?.dataset.day;
    if (!day) return;
    const minutes = wallMinutes(programme.startsAt) + ((end.y - start.y) / WEEK_HOUR_PX) * 60;
    const next = instantAtWallMinutes(day, minutes, DRAG_SNAP_MINUTES, 'round');
    if (next.getTime() !== programme.startsAt.getTime()) onMove(programme, next, programme.channelId);
  }

  return (
    <section
      ref={scroller}
      aria-label={`Schedule grid, week of ${channel.name}`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls must be reachable by keyboard to scroll it
      tabIndex={0}
      className="max-h-[70vh] overflow-auto"
    >
      <div
        className="sticky top-0 z-30 flex border-b border-slate-200 bg-white"
        style={{ paddingLeft: AXIS_PX }}
      >
        {days.map((day) => {
          const hours = Math.round(
            (amsterdamDayBounds(day).to.getTime() - amsterdamDayBounds(day).from.getTime()) / 3_600_000,
          );
          return (
            <div
              key={day}
              className={`min-w-28 flex-1 border-l border-slate-200 px-2 py-2 text-xs font-medium ${day === today ? 'text-sky-800' : 'text-slate-600'}`}
            >
              {formatDayShort(day, now)}
              {hours !== 24 ? (
                <span className="block font-normal text-slate-500">
                  {hours} h: clocks {hours < 24 ? 'go forward' : 'go back'}
                </span>
              ) : null}
            </div>
          );
        })}
      </div>
      <div className="relative flex" style={{ height: 24 * WEEK_HOUR_PX }}>
        <div style={{ width: AXIS_PX }} className="sticky left-0 z-10 shrink-0 bg-white">
          {HOURS.map((h) => (
            <div
              key={h}
              style={{ height: WEEK_HOUR_PX }}
              className="pr-2 text-right text-xs tabular-nums text-slate-500"
            >
              {String(h).padStart(2, '0')}:00
            </div>
          ))}
        </div>
        {days.map((day) => {
          const { from, to } = amsterdamDayBounds(day);
          const nowHere = now >= from && now < to;
          return (
            // biome-ignore lint/a11y/noStaticElementInteractions: the keyboard way to add is the toolbar's "Add programme"
            // biome-ignore lint/a11y/useKeyWithClickEvents: as above
            <div
              key={day}
              data-day={day}
              className={`relative min-w-28 flex-1 border-l border-slate-200 ${canEdit ? 'cursor-copy' : ''}`}
              style={{
                backgroundImage: `repeating-linear-gradient(to bottom, #e2e8f0 0 1px, transparent 1px ${WEEK_HOUR_PX}px)`,
              }}
              onClick={(event) => {
                if (!canEdit || justDragged()) return;
                const y = event.clientY - event.currentTarget.getBoundingClientRect().top;
                onAdd(channel.id, instantAtWallMinutes(day, (y / WEEK_HOUR_PX) * 60, SLOT_MINUTES, 'floor'));
              }}
            >
              {programmes
                .filter((p) => p.startsAt < to && p.endsAt > from)
                .map((programme) => {
                  const spot = placeInDay(programme.startsAt, programme.endsAt, day);
                  return (
                    <ProgrammeBlock
                      key={programme.id}
                      programme={programme}
                      style={{
                        top: spot.offset,
                        height: Math.max(6, spot.size - 2),
                        left: spot.lane === 'second' ? '50%' : 3,
                        right: spot.lane === 'first' ? '50%' : 3,
                      }}
                      time={formatSlotRange(programme.startsAt, programme.endsAt, day)}
                      before={spot.before}
                      after={spot.after}
                      canEdit={canEdit}
                      busy={movingId === programme.id}
                      onOpen={onOpen}
                      onDrop={drop}
                    />
                  );
                })}
              {nowHere ? (
                <div
                  data-now-marker=""
                  style={{ top: (wallMinutes(now) / 60) * WEEK_HOUR_PX }}
                  className="pointer-events-none absolute right-0 left-0 z-20 h-0.5 bg-rose-600"
                >
                  <span className="sr-only">Now, {formatAmsterdamTime(now)}</span>
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </section>
  );
}
