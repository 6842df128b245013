import type { TBeaconEvent } from '@keten/contracts';
import type Hls from 'hls.js';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event before the session stamps it with sessionId, seq, time, channelId, appVersion and cdnEdge. */
export type TBeaconDraft = DistributiveOmit<
  TBeaconEvent,
  'sessionId' | 'seq' | 'time' | 'channelId' | 'appVersion' | 'cdnEdge'
>;

/** What the app knows about a tune besides its channel: the delivery edge serving it (host or PoP name). */
export interface TTuneOptions {
  cdnEdge?: string | undefined;
}

/** The parts of HTMLVideoElement the meter reads; a plain EventTarget stands in for it in node tests. */
export interface TMediaLike extends EventTarget {
  readonly currentTime: number;
  readonly paused: boolean;
  readonly error: { readonly code: number } | null;
  requestVideoFrameCallback?(callback: () => void): number;
}

/**
 * The parts of an hls.js instance the meter uses; a type only, so hls.js is not bundled twice. `config.cmcd` is
 * present when the app made it with `new Hls({ cmcd: {} })`: the beacon then names its session in CMCD.
 */
export type THlsLike = Pick<Hls, 'on' | 'off'> & {
  readonly config?: { cmcd?: { sessionId?: string; contentId?: string } | undefined };
};
