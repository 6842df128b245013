'use client';

import { cn } from '@keten/ui';
import { type CSSProperties, type PointerEvent, useRef, useState } from 'react';
import type { TProgramme } from './types';

export interface TPoint {
  x: number;
  y: number;
}

interface Props {
  programme: TProgramme;
  /** Where the block sits in its row or column (absolute position and size). */
  style: CSSProperties;
  /** Its time as the grid shows it, e.g. "20:00–20:30". */
  time: string;
  /** Runs on past the start or end of what the grid shows. */
  before: boolean;
  after: boolean;
  canEdit: boolean;
  busy: boolean;
  onOpen: (programme: TProgramme) => void;
  /** Dragged from one pointer position to another; the grid works out the new start (and channel or day). */
  onDrop: (programme: TProgramme, from: TPoint, to: TPoint) => void;
}

const DRAG_THRESHOLD_PX = 4;

// The click that ends a drag can land on the row under it (the common ancestor); that is not "add here".
let dragEndedAt = 0;
export const justDragged = () => Date.now() - dragEndedAt < 500;

/** A programme drawn in the grid: a button that opens it, and for editors a block that can be dragged elsewhere. */
export function ProgrammeBlock({
  programme,
  style,
  time,
  before,
  after,
  canEdit,
  busy,
  onOpen,
  onDrop,
}: Props) {
  const origin = useRef<TPoint | null>(null);
  const dragged = useRef(false);
  const [offset, setOffset] = useState<TPoint | null>(null);

  function onPointerDown(event: PointerEvent<HTMLButtonElement>) {
    if (!canEdit || event.button !== 0) return;
    origin.current = { x: event.clientX, y: event.clientY };
    dragged.current = false;
    event.currentTarget.setPointerCapture(event.pointerId);
  }
  function onPointerMove(event: PointerEvent<HTMLButtonElement>) {
    const start = origin.current;
    if (!start) return;
    const delta = { x: event.clientX - start.x, y: event.clientY - start.y };
    if (!dragged.current && Math.abs(delta.x) + Math.abs(delta.y) < DRAG_THRESHOLD_PX) return;
    dragged.current = true;
    setOffset(delta);
  }
  function onPointerUp(event: PointerEvent<HTMLButtonElement>) {
    const start = origin.current;
    origin.current = null;
    setOffset(null);
    if (start && dragged.current) dragEndedAt = Date.now();
    if (start && dragged.current) onDrop(programme, start, { x: event.clientX, y: event.clientY });
  }

  return (
    <button
      type="button"
      data-programme={programme.id}
      aria-label={`${programme.title}, ${time}${canEdit ? '. Open to edit or move' : ''}`}
      title={`${programme.title}\n${time}`}
      style={{
        ...style,
        ...(offset ? { transform: `translate(${offset.x}px, ${offset.y}px)`, zIndex: 20 } : {}),
        touchAction: canEdit ? 'none' : undefined,
      }}
      className={cn(
        'absolute overflow-hidden rounded border px-1.5 py-0.5 text-left text-xs leading-tight shadow-sm',
        'focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-700',
        programme.enteredByHand
          ? 'border-amber-300 bg-amber-50 text-amber-950 hover:bg-amber-100'
          : 'border-sky-200 bg-sky-50 text-sky-950 hover:bg-sky-100',
        before && 'rounded-l-none border-l-2 border-l-slate-400',
        after && 'rounded-r-none border-r-2 border-r-slate-400',
        canEdit && 'cursor-grab',
        offset && 'cursor-grabbing opacity-80 shadow-lg',
        busy && 'animate-pulse',
      )}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => {
        origin.current = null;
        setOffset(null);
      }}
      onClick={(event) => {
        event.stopPropagation();
        // The click that ends a drag is not an "open".
        if (dragged.current) {
          dragged.current = false;
          return;
        }
        onOpen(programme);
      }}
    >
      <span className="block truncate font-medium">{programme.title}</span>{' '}
      {/* The space keeps title and time two words in the visible text the aria-label must contain (WCAG 2.5.3). */}
      <span className="block truncate tabular-nums text-[11px] opacity-80">{time}</span>
    </button>
  );
}
