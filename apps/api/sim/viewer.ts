import type { TBeaconEvent } from '@keten/contracts';
import type { Random } from '@keten/db/random';
import { PLAYBACK_ERRORS, START_ERRORS, type TBoxProfile, VIEWING } from './profiles';

// An event not yet due, with the session's playing time at that instant (to close a session cut short).
interface TPlanned {
  event: TBeaconEvent;
  played: number;
}

// What differs per event type; session, seq and time are filled in (Omit distributed over the union).
type TEventBody = TBeaconEvent extends infer E
  ? E extends TBeaconEvent
    ? Omit<E, 'sessionId' | 'channelId' | 'seq' | 'time'>
    : never
  : never;

/** Optional beacon fields a session carries on every event. */
export type TSessionFields = Partial<Pick<TBeaconEvent, 'appVersion' | 'cdnEdge'>>;

interface TSessionState {
  sessionId: string;
  channelId: string;
  seq: number;
  lastEmitted: TPlanned | null;
  playedAtHeartbeat: number;
  fields: TSessionFields;
}

export interface TViewer {
  /** Events due up to simulated epoch ms `now`, in order. */
  advanceTo(now: number): TBeaconEvent[];
  /** Everything due up to `now`, then closes the open session there (stall_end, end). */
  finish(now: number): TBeaconEvent[];
  /**
   * Everything due up to `now`, then the open session's remaining events as planned (it plays to its own end, past
   * `now`), and no session after it: a stretch of history handing over to the next one (backfill.ts).
   */
  drain(now: number): TBeaconEvent[];
}

/**
 * One box's viewing: sessions planned one at a time (attempt → first frame → heartbeats, stalls, errors → end),
 * then a zap to another channel or a pause. Pure: driven only by the random stream and simulated time.
 */
export function createViewer(options: {
  rng: Random;
  /** Session ids come from their own stream: a rerun with the same seed must not look like a retry to the server's dedupe. */
  ids?: Random;
  profile: TBoxProfile;
  channelIds: readonly string[];
  startAt: number;
  /** The daily curve: when a box switched off at `from` switches on again; unset, after a mean 2 min off. */
  switchOn?: (rng: Random, from: number) => number;
  /** Share of boxes watching at `startAt` (with `switchOn`): the others wait for their next switch-on. */
  watchingAtStart?: number;
  /** Per-session fields every event of the session carries (app version, delivery edge). */
  sessionFields?: (rng: Random) => TSessionFields;
}): TViewer {
  const { rng, profile, channelIds } = options;
  const ids = options.ids ?? rng;
  const queue: TPlanned[] = [];
  let session: TSessionState | null = null;
  const offUntil = (from: number) =>
    options.switchOn ? options.switchOn(rng, from) : from + rng.exponential(VIEWING.meanOffMs);
  let nextSessionAt =
    options.switchOn && !rng.chance(options.watchingAtStart ?? 1)
      ? options.switchOn(rng, options.startAt)
      : options.startAt + rng.next() * VIEWING.startSpreadMs;
  let next: { channelId: string; zapMs: number | null } = { channelId: rng.pick(channelIds), zapMs: null };

  const plan = () => {
    const startAt = nextSessionAt;
    const state: TSessionState = {
      sessionId: ids.uuid(),
      channelId: next.channelId,
      seq: 0,
      lastEmitted: null,
      playedAtHeartbeat: 0,
      fields: options.sessionFields?.(rng) ?? {},
    };
    const sessionBase = { sessionId: state.sessionId, channelId: state.channelId, ...state.fields };
    const push = (time: number, played: number, event: TEventBody) =>
      queue.push({
        event: { ...sessionBase, seq: -1, time: Math.round(time), ...event } as TBeaconEvent,
        played,
      });

    push(startAt, 0, { type: 'attempt' });
    if (rng.chance(profile.startFailureRate)) {
      const failAt = startAt + rng.logNormal(profile.startMedianMs * 3, 0.4);
      push(failAt, 0, { type: 'error', ...rng.pick(START_ERRORS), fatal: true, beforeFirstFrame: true });
      push(failAt, 0, { type: 'end', playingMs: 0, fatal: true, beforeFirstFrame: true });
      nextSessionAt = failAt + VIEWING.retryAfterFailureMs;
      next = { channelId: state.channelId, zapMs: null };
      return state;
    }
    const startMs = Math.round(next.zapMs ?? rng.logNormal(profile.startMedianMs, 0.35));
    // An impatient viewer moves on before the picture comes (EBVS), the more often the slower the start.
    const impatient =
      startMs > VIEWING.slowStartMs ? VIEWING.exitBeforeSlowStartShare : VIEWING.exitBeforeStartShare;
    if (channelIds.length > 1 && rng.chance(impatient)) {
      const leftAt = startAt + startMs * (0.3 + 0.6 * rng.next());
      push(leftAt, 0, { type: 'end', playingMs: 0, beforeFirstFrame: true });
      const others = channelIds.filter((id) => id !== state.channelId);
      next = { channelId: rng.pick(others), zapMs: Math.round(rng.logNormal(profile.zapMedianMs, 0.35)) };
      nextSessionAt = leftAt;
      return state;
    }
    let t = startAt + startMs;
    push(t, 0, { type: 'first_frame', startMs });
    if (next.zapMs !== null) push(t, 0, { type: 'zap', zapMs: startMs });

    const dwell = rng.exponential(VIEWING.meanDwellMs);
    let played = 0;
    let sinceHeartbeat = 0;
    let stallIn = rng.exponential(3_600_000 / profile.stallsPerHour);
    let errorIn = rng.exponential(3_600_000 / profile.errorsPerHour);
    for (;;) {
      const step = Math.min(VIEWING.heartbeatMs - sinceHeartbeat, stallIn, errorIn, dwell - played);
      t += step;
      played += step;
      sinceHeartbeat += step;
      stallIn -= step;
      errorIn -= step;
      if (played >= dwell) break;
      if (stallIn <= 0) {
        const stallMs = Math.round(rng.logNormal(profile.stallMedianMs, 0.6));
        push(t, played, { type: 'stall_start' });
        t += stallMs;
        push(t, played, { type: 'stall_end', stallMs });
        stallIn = rng.exponential(3_600_000 / profile.stallsPerHour);
      } else if (errorIn <= 0) {
        const fatal = rng.chance(profile.fatalShare);
        push(t, played, { type: 'error', ...rng.pick(PLAYBACK_ERRORS), fatal });
        errorIn = rng.exponential(3_600_000 / profile.errorsPerHour);
        if (fatal) {
          push(t, played, { type: 'end', playingMs: Math.round(sinceHeartbeat), fatal: true });
          nextSessionAt = t + VIEWING.retryAfterFailureMs;
          next = { channelId: state.channelId, zapMs: null };
          return state;
        }
      } else {
        push(t, played, { type: 'heartbeat', playingMs: Math.round(sinceHeartbeat) });
        sinceHeartbeat = 0;
      }
    }
    push(t, played, { type: 'end', playingMs: Math.round(sinceHeartbeat) });
    if (rng.chance(VIEWING.zapShare) && channelIds.length > 1) {
      const others = channelIds.filter((id) => id !== state.channelId);
      next = { channelId: rng.pick(others), zapMs: Math.round(rng.logNormal(profile.zapMedianMs, 0.35)) };
      nextSessionAt = t;
    } else {
      next = { channelId: rng.pick(channelIds), zapMs: null };
      nextSessionAt = offUntil(t);
    }
    return state;
  };

  const emit = (planned: TPlanned, state: TSessionState): TBeaconEvent => {
    const event = { ...planned.event, seq: state.seq++ };
    state.lastEmitted = { event, played: planned.played };
    if (event.type === 'heartbeat') state.playedAtHeartbeat = planned.played;
    return event;
  };

  const advanceTo = (now: number): TBeaconEvent[] => {
    const due: TBeaconEvent[] = [];
    for (;;) {
      if (queue.length === 0) {
        if (nextSessionAt > now) return due;
        session = plan();
      }
      const head = queue[0];
      if (!head || head.event.time > now || !session) return due;
      queue.shift();
      due.push(emit(head, session));
    }
  };

  const finish = (now: number): TBeaconEvent[] => {
    const due = advanceTo(now);
    const open = session;
    const last = open?.lastEmitted;
    queue.length = 0;
    nextSessionAt = Number.POSITIVE_INFINITY;
    if (!open || !last || last.event.type === 'end') return due;
    const base = {
      sessionId: open.sessionId,
      channelId: open.channelId,
      ...open.fields,
      time: Math.round(now),
    };
    if (last.event.type === 'attempt') {
      due.push({ ...base, seq: open.seq++, type: 'end', playingMs: 0, beforeFirstFrame: true });
      return due;
    }
    let played = last.played + (now - last.event.time);
    if (last.event.type === 'stall_start') {
      due.push({ ...base, seq: open.seq++, type: 'stall_end', stallMs: Math.round(now - last.event.time) });
      played = last.played;
    }
    due.push({
      ...base,
      seq: open.seq++,
      type: 'end',
      playingMs: Math.round(played - open.playedAtHeartbeat),
    });
    return due;
  };

  const drain = (now: number): TBeaconEvent[] => {
    const due = advanceTo(now);
    const open = session;
    if (open) for (const planned of queue) due.push(emit(planned, open));
    queue.length = 0;
    nextSessionAt = Number.POSITIVE_INFINITY;
    return due;
  };

  return { advanceTo, finish, drain };
}
