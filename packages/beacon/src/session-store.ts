/** Where a session's id and next seq survive a page reload (sessionStorage in a browser). */
export interface TSessionStorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface TSessionState {
  sessionId: string;
  nextSeq: number;
  channelId: string;
  savedAt: number;
}

const KEY = 'keten.beacon.session';

/** A reload within this window on the same channel continues the session instead of splitting it. */
export const RESUME_WINDOW_MS = 30_000;

export function defaultStorage(): TSessionStorageLike | undefined {
  try {
    return typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  } catch {
    // Storage can throw when disabled (privacy settings, sandboxed frames).
    return undefined;
  }
}

export function saveSession(storage: TSessionStorageLike | undefined, state: TSessionState): void {
  try {
    storage?.setItem(KEY, JSON.stringify(state));
  } catch {
    // Quota or disabled storage: a reload then starts a new session, nothing worse.
  }
}

/** The stored session, if it was for this channel and saved within the resume window. */
export function resumableSession(
  storage: TSessionStorageLike | undefined,
  channelId: string,
  now: number,
): TSessionState | undefined {
  try {
    const raw = storage?.getItem(KEY);
    if (!raw) return undefined;
    const state = JSON.parse(raw) as Partial<TSessionState>;
    if (typeof state.sessionId !== 'string' || typeof state.nextSeq !== 'number') return undefined;
    if (state.channelId !== channelId || typeof state.savedAt !== 'number') return undefined;
    if (now - state.savedAt > RESUME_WINDOW_MS || now < state.savedAt) return undefined;
    return state as TSessionState;
  } catch {
    return undefined;
  }
}

/** A v4 uuid; randomUUID needs a secure context, which a box's http:// page may not be. */
export function newSessionId(): string {
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const b = globalThis.crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
