import type { TBeaconEvent } from '@keten/contracts';
import { classifyMediaError, type TClassifiedError } from './errors';
import { PlayingClock } from './playing-clock';
import { MeterSession } from './session';
import { resumableSession, type TSessionState, type TSessionStorageLike } from './session-store';
import type { TBeaconDraft, TMediaLike, TTuneOptions } from './types';

export interface TMeterOptions {
  now: () => number;
  emit: (event: TBeaconEvent) => void;
  storage: TSessionStorageLike | undefined;
  appVersion?: string | undefined;
  heartbeatIntervalMs: number;
}

/** Turns media element events into QoE events per DESIGN "QoE: the definitions", one session per tune. */
export class PlaybackMeter {
  private session: MeterSession | null = null;
  private media: TMediaLike | null = null;
  private awaitingSource = false;
  private firstFrameArmed = false;
  private armedAtTime = 0;
  private stallAt: number | null = null;
  private seeking = false;
  private readonly playing: PlayingClock;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  // Bumped per session so a frame callback armed for the previous channel is ignored.
  private generation = 0;

  constructor(private readonly opts: TMeterOptions) {
    this.playing = new PlayingClock(opts.now);
  }

  /** The current session's id (what CMCD `sid` carries), or null between sessions. */
  get sessionId(): string | null {
    return this.session?.id ?? null;
  }

  /** Starts measuring `media` for `channelId`: the attempt is now (app start or tune). */
  attach(media: TMediaLike, channelId: string, tune: TTuneOptions = {}): void {
    this.detach();
    this.media = media;
    for (const type of MEDIA_EVENTS) media.addEventListener(type, this.onMediaEvent);
    const now = this.opts.now();
    const resumed = resumableSession(this.opts.storage, channelId, now);
    this.startSession(channelId, now, null, resumed, tune);
    this.heartbeat = setInterval(() => this.beat(), this.opts.heartbeatIntervalMs);
  }

  /** Ends the session (exit before video start when no first frame) and stops listening. */
  detach(): void {
    this.endSession();
    if (this.media) for (const type of MEDIA_EVENTS) this.media.removeEventListener(type, this.onMediaEvent);
    this.media = null;
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }

  /** The key press: ends the current session and starts the next channel's with its attempt. */
  channelChange(channelId: string, tune: TTuneOptions = {}): void {
    if (!this.media) return;
    const now = this.opts.now();
    this.endSession();
    this.startSession(channelId, now, now, undefined, tune);
    this.awaitingSource = true;
  }

  /** The player started loading the (new) source: media events from here on belong to it. */
  sourceLoading(): void {
    this.awaitingSource = false;
  }

  fatalError(error: TClassifiedError): void {
    const s = this.session;
    if (!s || s.failed) return;
    this.closeStall();
    this.playing.stop();
    s.failed = true;
    this.emit({ type: 'error', ...error, fatal: true, beforeFirstFrame: s.firstFrameAt === null });
  }

  private startSession(
    channelId: string,
    now: number,
    zapAt: number | null,
    resumed: TSessionState | undefined,
    tune: TTuneOptions,
  ): void {
    this.generation += 1;
    this.session = new MeterSession(channelId, now, zapAt, resumed, tune.cdnEdge);
    this.firstFrameArmed = false;
    this.stallAt = null;
    this.seeking = false;
    this.playing.reset();
    this.emit({ type: 'attempt' });
  }

  private endSession(): void {
    const s = this.session;
    if (!s) return;
    this.closeStall();
    this.playing.stop();
    this.emit({
      type: 'end',
      playingMs: this.playing.take(),
      fatal: s.failed,
      beforeFirstFrame: s.firstFrameAt === null,
    });
    this.session = null;
  }

  private emit(draft: TBeaconDraft): void {
    const event = this.session?.stamp(draft, this.opts.now(), this.opts.appVersion, this.opts.storage);
    if (event) this.opts.emit(event);
  }

  private beat(): void {
    if (!this.session || this.session.failed) return;
    this.emit({ type: 'heartbeat', playingMs: this.playing.take() });
  }

  private resumePlaying(): void {
    const media = this.media;
    if (!media || media.paused || this.seeking || this.stallAt !== null) return;
    if (!this.session?.firstFrameAt || this.session.failed) return;
    this.playing.start();
  }

  private closeStall(): void {
    if (this.stallAt === null) return;
    const stallMs = Math.max(0, Math.round(this.opts.now() - this.stallAt));
    this.stallAt = null;
    this.emit({ type: 'stall_end', stallMs });
  }

  private firstFrame(generation: number): void {
    const s = this.session;
    if (!s || generation !== this.generation || s.firstFrameAt !== null || s.failed) return;
    const now = this.opts.now();
    s.firstFrameAt = now;
    this.firstFrameArmed = false;
    this.emit({ type: 'first_frame', startMs: Math.round(now - s.attemptAt) });
    if (s.zapAt !== null) this.emit({ type: 'zap', zapMs: Math.round(now - s.zapAt) });
    s.zapAt = null;
    this.resumePlaying();
  }

  /** The next frame presented while play is wanted is the first frame (without rVFC: currentTime advancing). */
  private armFirstFrame(media: TMediaLike): void {
    if (this.firstFrameArmed) return;
    this.firstFrameArmed = true;
    this.armedAtTime = media.currentTime;
    const generation = this.generation;
    if (typeof media.requestVideoFrameCallback === 'function') {
      media.requestVideoFrameCallback(() => {
        if (generation !== this.generation) return;
        // A preview frame of a paused element is not a start: wait for the next frame.
        this.firstFrameArmed = false;
        if (media.paused) this.armFirstFrame(media);
        else this.firstFrame(generation);
      });
    }
  }

  private readonly onMediaEvent = (event: Event): void => {
    const media = this.media;
    const s = this.session;
    if (!media || !s) return;
    switch (event.type) {
      case 'loadstart':
        // The new source is set, so no old channel's frame can follow: arm from here (first frame before 'playing').
        this.sourceLoading();
        if (s.firstFrameAt === null && !s.failed) this.armFirstFrame(media);
        return;
      case 'emptied':
        this.sourceLoading();
        return;
      case 'playing':
        if (this.awaitingSource || s.failed) return;
        if (s.firstFrameAt === null) this.armFirstFrame(media);
        this.closeStall();
        this.resumePlaying();
        return;
      case 'timeupdate':
        if (
          this.firstFrameArmed &&
          !media.requestVideoFrameCallback &&
          media.currentTime > this.armedAtTime
        ) {
          this.firstFrame(this.generation);
        }
        return;
      case 'waiting':
        // Rebuffering counts only after the first frame and not while seeking.
        if (s.firstFrameAt === null || this.seeking || this.stallAt !== null || s.failed) return;
        this.playing.stop();
        this.stallAt = this.opts.now();
        this.emit({ type: 'stall_start' });
        return;
      case 'seeking':
        this.closeStall();
        this.playing.stop();
        this.seeking = true;
        return;
      case 'seeked':
        this.seeking = false;
        this.resumePlaying();
        return;
      case 'pause':
      case 'ended':
        this.playing.stop();
        return;
      case 'error':
        // An error while the old source is torn down for a zap belongs to neither channel.
        if (!this.awaitingSource) this.fatalError(mediaErrorOf(media));
    }
  };
}

const MEDIA_EVENTS = [
  'loadstart',
  'emptied',
  'playing',
  'timeupdate',
  'waiting',
  'seeking',
  'seeked',
  'pause',
  'ended',
  'error',
];

function mediaErrorOf(media: TMediaLike): TClassifiedError {
  return classifyMediaError(media.error?.code);
}
