import type { TBeaconEvent } from '@keten/contracts';
import type { TSessionStorageLike } from '../src/session-store';
import type { TMediaLike } from '../src/types';

/** A video element stand-in: the meter only sees events and a few properties. */
export class FakeVideo extends EventTarget implements TMediaLike {
  currentTime = 0;
  paused = true;
  error: { code: number } | null = null;
  private frameCallbacks: Array<() => void> = [];

  constructor(withFrameCallback = true) {
    super();
    if (!withFrameCallback) this.requestVideoFrameCallback = undefined;
  }

  requestVideoFrameCallback?: (callback: () => void) => number = (callback) => {
    this.frameCallbacks.push(callback);
    return this.frameCallbacks.length;
  };

  /** The compositor presents a frame. */
  presentFrame(): void {
    const callbacks = this.frameCallbacks;
    this.frameCallbacks = [];
    for (const cb of callbacks) cb();
  }

  fire(type: string): void {
    if (type === 'playing') this.paused = false;
    if (type === 'pause') this.paused = true;
    this.dispatchEvent(new Event(type));
  }
}

export class MemoryStorage implements TSessionStorageLike {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

/** The event fields a test asserts on, without ids and clocks. */
export function shape(e: TBeaconEvent): Record<string, unknown> {
  const { sessionId: _s, time: _t, appVersion: _a, ...rest } = e;
  return rest;
}

type TListener = (...args: never[]) => void;

/** hls.js's on/off/trigger, enough to raise manifest-loading and error events. */
export class FakeHls {
  private listeners = new Map<string, Set<TListener>>();
  on(event: string, listener: TListener): void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
  }
  off(event: string, listener?: TListener): void {
    if (listener) this.listeners.get(event)?.delete(listener);
  }
  trigger(event: string, data: unknown): void {
    for (const l of this.listeners.get(event) ?? []) (l as (e: string, d: unknown) => void)(event, data);
  }
}
