import type { ErrorData, Events } from 'hls.js';
import { classifyHlsError } from './errors';
import { PlaybackMeter } from './meter';
import { BeaconSender } from './sender';
import { defaultStorage, type TSessionStorageLike } from './session-store';
import type { THlsLike, TMediaLike, TTuneOptions } from './types';

export interface TBeaconOptions {
  /** Full URL of `POST /v1/beacons`. */
  endpoint: string;
  /** The device access token; called before each send so a refreshed token is picked up. */
  getAccessToken: () => string | Promise<string>;
  appVersion?: string;
  fetch?: typeof fetch;
  now?: () => number;
  batchSize?: number;
  flushIntervalMs?: number;
  maxQueue?: number;
  heartbeatIntervalMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  storage?: TSessionStorageLike;
  /** Window-like target for `pagehide`; defaults to globalThis when it has addEventListener. */
  page?: EventTarget;
}

export interface TBeacon {
  /** `cdnEdge`: the delivery edge serving this channel (e.g. the stream URL's host), sent with every event. */
  attachHls(hls: THlsLike, video: TMediaLike, opts: { channelId: string } & TTuneOptions): void;
  attachVideo(video: TMediaLike, opts: { channelId: string } & TTuneOptions): void;
  /** Call on the remote-control key press, before loading the new channel's source. */
  channelChange(channelId: string, tune?: TTuneOptions): void;
  flush(): Promise<void>;
  destroy(): void;
  /** Events queued or in flight, and how many were dropped because the queue was full. */
  readonly stats: { pending: number; dropped: number };
}

export function createBeacon(options: TBeaconOptions): TBeacon {
  const now = options.now ?? (() => Date.now());
  const sender = new BeaconSender({
    endpoint: options.endpoint,
    getAccessToken: options.getAccessToken,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    now,
    batchSize: options.batchSize ?? 20,
    flushIntervalMs: options.flushIntervalMs ?? 5_000,
    maxQueue: options.maxQueue ?? 500,
    retryBaseMs: options.retryBaseMs,
    retryMaxMs: options.retryMaxMs,
  });
  const meter = new PlaybackMeter({
    now,
    emit: (event) => sender.enqueue(event),
    storage: options.storage ?? defaultStorage(),
    appVersion: options.appVersion,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 10_000,
  });
  let detachHls: (() => void) | undefined;
  const page = options.page ?? (typeof globalThis.addEventListener === 'function' ? globalThis : undefined);
  const onPageHide = (): void => {
    meter.detach();
    sender.flushOnExit();
  };
  page?.addEventListener('pagehide', onPageHide);

  let attachedHls: THlsLike | undefined;
  const unhookHls = (): void => {
    detachHls?.();
    detachHls = undefined;
    attachedHls = undefined;
  };
  // CMCD (CTA-5004) as hls.js sends it: sid = this session, cid = the channel, so the origin's and the CDN's
  // delivery records of this session join its QoE. hls.js reads config.cmcd at each manifest load, so setting it
  // before loadSource names the requests of the tune about to start.
  const tagCmcd = (channelId: string): void => {
    const cmcd = attachedHls?.config?.cmcd;
    const sessionId = meter.sessionId;
    if (!cmcd || !sessionId) return;
    cmcd.sessionId = sessionId;
    cmcd.contentId = channelId;
  };

  return {
    attachHls(hls, video, { channelId, cdnEdge }) {
      unhookHls();
      const onLoading = (): void => meter.sourceLoading();
      const onError = (_event: Events.ERROR, data: ErrorData): void => {
        if (data.fatal) meter.fatalError(classifyHlsError(data));
      };
      // Event names as strings: a type-only import keeps hls.js out of this bundle (the app brings its own).
      hls.on('hlsManifestLoading' as Events.MANIFEST_LOADING, onLoading);
      hls.on('hlsError' as Events.ERROR, onError);
      detachHls = () => {
        hls.off('hlsManifestLoading' as Events.MANIFEST_LOADING, onLoading);
        hls.off('hlsError' as Events.ERROR, onError);
      };
      meter.attach(video, channelId, { cdnEdge });
      attachedHls = hls;
      tagCmcd(channelId);
    },
    attachVideo(video, { channelId, cdnEdge }) {
      unhookHls();
      meter.attach(video, channelId, { cdnEdge });
    },
    channelChange(channelId, tune) {
      meter.channelChange(channelId, tune);
      tagCmcd(channelId);
    },
    flush: () => sender.flush(),
    destroy() {
      unhookHls();
      meter.detach();
      page?.removeEventListener('pagehide', onPageHide);
      // What cannot be delivered now goes out as keepalive requests; then no timers are left behind.
      void sender.flush().finally(() => {
        sender.flushOnExit();
        sender.stop();
      });
    },
    get stats() {
      return { pending: sender.pending, dropped: sender.dropped };
    },
  };
}
