import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TIngestEventKind, TLadderInput, TQcSettings } from '@keten/contracts';
import type { TEventSink } from '../events/ingest-events';
import type { TFfmpeg } from '../ffmpeg';
import type { TQcFinding } from '../qc/qc-monitor';
import { LiveLeg, type TLegSource, type TLegState } from './leg';
import { LivePublisher } from './publisher';
import type { TStagedSegment } from './staging';

export type TSourceHealth = 'HEALTHY' | 'DEGRADED' | 'DOWN' | 'UNKNOWN';

/** Where the channel's control state goes (PostgreSQL in the worker, memory in some tests). */
export type TLiveStatusStore = {
  /** `failover`: the switch away from a failing source (what "last failover" shows); a return is not one. */
  onAir(sourceId: string | null, failover: boolean): Promise<void>;
  sourceHealth(sourceId: string, health: TSourceHealth, error: string | null): Promise<void>;
};

export type TLiveSettings = {
  stallSeconds: number;
  startupSeconds: number;
  retrySeconds: number;
  /** A higher-priority source must stay healthy this long before it goes back on air. */
  returnAfterSeconds: number;
  windowSegments: number;
  preset: string;
};

export type TLiveStatus = {
  onAirSourceId: string | null;
  nextSequence: number;
  legs: {
    sourceId: string;
    priority: number;
    state: TLegState;
    lastError: string | null;
    fps: number | null;
    speed: number | null;
    mediaSeconds: number | null;
  }[];
};

export type TLiveChannelOptions = {
  channelId: string;
  slug: string;
  sources: TLegSource[];
  ladder: TLadderInput;
  qc: TQcSettings;
  mediaRoot: string;
  ffmpeg: TFfmpeg;
  events: TEventSink;
  status: TLiveStatusStore;
  settings: TLiveSettings;
  log?: (message: string) => void;
  /** An encoder of one of its legs is started again after it ended (metrics). */
  onEncoderRestart?: () => void;
};

type TCursor = { leg: LiveLeg; generation: number; lastIndex: number; discontinuity: boolean };

const TICK_MS = 100;
const HEALTH_EVERY_MS = 15_000;

/** When the encoder finished a segment (its file's last write). */
const writtenAt = (segment: TStagedSegment, fallback: number) =>
  stat(segment.files[0]!).then(
    (info) => info.mtimeMs,
    () => fallback,
  );
const QC_FAILOVER_KINDS = ['black', 'freeze'] as const;

/**
 * One live channel: a leg per source, all encoding at once; the published playlist follows one of
 * them. Loss or stall of the on-air leg (or black/frozen picture past the channel's threshold)
 * switches to the best other flowing leg at once; the primary comes back after it has been healthy
 * for `returnAfterSeconds`. Segments are published a moment after they are complete (the stall
 * limit), so the time a failover takes to notice is hidden from the playlist's cadence.
 */
export class LiveChannel {
  readonly publisher: LivePublisher;
  private legs: LiveLeg[];
  private cursor: TCursor | null = null;
  private qcEndedAt = new Map<LiveLeg, number>();
  private everDown = new Set<LiveLeg>();
  private readonly publishDelayMs: number;
  private readonly primaryGraceMs: number;
  private startedAt = Date.now();

  constructor(private readonly options: TLiveChannelOptions) {
    const { mediaRoot, slug, ladder, settings } = options;
    this.publisher = new LivePublisher(
      join(mediaRoot, 'live', slug),
      ladder.rungs.length,
      settings.windowSegments,
      ladder.segmentSeconds,
      (message) => this.log(message),
    );
    this.publishDelayMs = settings.stallSeconds * 1000 + 300;
    // Long enough for a healthy primary's first segment, short enough that a dead one delays little.
    this.primaryGraceMs = Math.min(settings.startupSeconds, ladder.segmentSeconds * 2 + 2) * 1000;
    this.legs = [...options.sources]
      .sort((a, b) => a.priority - b.priority)
      .map(
        (source) =>
          new LiveLeg({
            source,
            ladder,
            dir: join(mediaRoot, '.live', slug, source.id),
            ffmpeg: options.ffmpeg,
            qc: options.qc,
            preset: settings.preset,
            stallSeconds: settings.stallSeconds,
            startupSeconds: settings.startupSeconds,
            retrySeconds: settings.retrySeconds,
            windowSegments: Math.max(settings.windowSegments, 6),
            onState: (leg, state, reason) => this.onLegState(leg, state, reason),
            onQc: (leg, finding, phase) => this.onQc(leg, finding, phase),
            onRestart: options.onEncoderRestart,
          }),
      );
  }

  status(): TLiveStatus {
    return {
      onAirSourceId: this.cursor?.leg.source.id ?? null,
      nextSequence: this.publisher.nextSequence,
      legs: this.legs.map((leg) => ({
        sourceId: leg.source.id,
        priority: leg.source.priority,
        state: leg.state,
        lastError: leg.lastError,
        fps: leg.progress?.fps ?? null,
        speed: leg.progress?.speed ?? null,
        mediaSeconds: leg.progress?.mediaSeconds ?? null,
      })),
    };
  }

  /** Runs until the signal aborts; then stops every encoder and takes the channel off air. */
  async run(signal: AbortSignal): Promise<void> {
    await this.publisher.open();
    this.startedAt = Date.now();
    for (const leg of this.legs) leg.start();
    try {
      let checkedAt = Date.now();
      while (!signal.aborted) {
        await this.tick().catch((error: unknown) => this.log(`tick failed: ${String(error)}`));
        if (Date.now() - checkedAt >= HEALTH_EVERY_MS) {
          checkedAt = Date.now();
          this.reportHealth();
        }
        await sleep(TICK_MS, undefined, { signal }).catch(() => undefined);
      }
    } finally {
      await Promise.all(this.legs.map((leg) => leg.stop()));
      // The encoders' staging is private to this run (the next one starts afresh): leave nothing behind.
      await rm(join(this.options.mediaRoot, '.live', this.options.slug), {
        recursive: true,
        force: true,
      }).catch(() => undefined);
      await this.options.status.onAir(null, false).catch(() => undefined);
    }
  }

  private async tick() {
    const active = this.cursor?.leg ?? null;
    if (!active) {
      // At start the primary gets a head start: a backup that happens to flow first does not take the air;
      // after it, a frozen or black feed (a slate, a test card) is better than none.
      const graceOver = Date.now() - this.startedAt >= this.primaryGraceMs;
      const first = this.bestLeg(null) ?? (graceOver ? this.anyFlowing(null) : null);
      const primary = this.legs[0];
      const waitForPrimary = primary !== first && primary?.state === 'starting' && !graceOver;
      if (first && !waitForPrimary) this.goOnAir(first);
      return;
    }
    const failing = active.state === 'down' ? (active.lastError ?? 'feed lost') : this.qcFailing(active);
    if (failing) {
      // A dead feed is replaced even by a frozen one; a frozen one only by a clean one.
      const next = this.bestLeg(active) ?? (active.state === 'down' ? this.anyFlowing(active) : null);
      if (next) {
        await this.switchTo(next, 'failover', `${this.label(active)}: ${failing}`);
        return;
      }
    }
    const better = this.bestLeg(null);
    if (better && better.source.priority < active.source.priority && !failing) {
      const healthyFor = (Date.now() - this.healthySince(better)) / 1000;
      if (healthyFor >= this.options.settings.returnAfterSeconds) {
        await this.switchTo(better, 'return', `${this.label(better)} healthy for ${healthyFor.toFixed(1)} s`);
        return;
      }
    }
    await this.publishPending(false);
  }

  /** Publishes the on-air leg's complete segments once they are old enough (all of them when flushing). */
  private async publishPending(flush: boolean) {
    const cursor = this.cursor;
    if (!cursor) return;
    const { leg } = cursor;
    if (leg.generation !== cursor.generation) {
      // The encoder restarted: its numbering starts again and its timestamps are new.
      Object.assign(cursor, { generation: leg.generation, lastIndex: -1, discontinuity: true });
    }
    const now = Date.now();
    for (const segment of await leg.segments()) {
      if (segment.index <= cursor.lastIndex) continue;
      if (!flush && now - (await writtenAt(segment, now)) < this.publishDelayMs) break;
      if (this.publisher.lastPublishedAt === null) await this.publisher.writeMaster(leg.dir);
      await this.publisher.publish(segment, cursor.discontinuity);
      cursor.lastIndex = segment.index;
      cursor.discontinuity = false;
    }
  }

  /** The first source on air: its segments follow at the normal cadence (nothing to hide yet). */
  private goOnAir(leg: LiveLeg) {
    this.cursor = { leg, generation: leg.generation, lastIndex: -1, discontinuity: false };
    void this.options.status.onAir(leg.source.id, false).catch(() => undefined);
    const cause = `${this.label(leg)} went on air`;
    this.log(cause);
    this.emit({ kind: 'on_air', sourceId: leg.source.id, startedAt: new Date().toISOString(), cause });
  }

  private async switchTo(target: LiveLeg, kind: TIngestEventKind, cause: string) {
    const from = this.cursor?.leg ?? null;
    if (from) await this.publishPending(true);
    const lastAt = this.publisher.lastPublishedAt;
    const generation = target.generation;
    const newest = await this.switchSegment(target);
    let gapSeconds: number | null = null;
    if (newest) {
      // Published first: if that fails, the channel is still on the old leg and the next tick tries again.
      await this.publisher.writeMaster(target.dir);
      const seq = await this.publisher.publish(newest, from !== null);
      gapSeconds = lastAt === null ? null : Math.round(Date.now() - lastAt) / 1000;
      this.log(`${kind}: ${cause}; segment ${seq} from ${this.label(target)}`);
    }
    this.cursor = { leg: target, generation, lastIndex: newest?.index ?? -1, discontinuity: !newest };
    void this.options.status.onAir(target.source.id, kind === 'failover').catch((error: unknown) => {
      this.log(`could not record the on-air source: ${String(error)}`);
    });
    this.emit({
      kind,
      sourceId: target.source.id,
      fromSourceId: from?.source.id ?? null,
      startedAt: new Date().toISOString(),
      cause,
      detail: { gapSeconds, sequence: this.publisher.nextSequence - 1, priority: target.source.priority },
    });
  }

  /**
   * The segment a switch starts with: the newest that is already as old as the publish delay, so the
   * new leg's next segment follows within one segment duration (a fresher one would leave a longer
   * wait after it). A leg that just started has only fresh ones: then its newest.
   */
  private async switchSegment(leg: LiveLeg): Promise<TStagedSegment | undefined> {
    const segments = await leg.segments();
    const now = Date.now();
    for (let n = segments.length - 1; n >= 0; n--) {
      const segment = segments[n]!;
      if (now - (await writtenAt(segment, now)) >= this.publishDelayMs) return segment;
    }
    return segments.at(-1);
  }

  /** The highest-priority leg that is flowing and not black/frozen, other than `except`. */
  private bestLeg(except: LiveLeg | null): LiveLeg | null {
    return (
      this.legs.find((leg) => leg !== except && leg.state === 'flowing' && !this.qcFailing(leg, true)) ?? null
    );
  }

  /** The highest-priority leg that is flowing at all, other than `except`. */
  private anyFlowing(except: LiveLeg | null): LiveLeg | null {
    return this.legs.find((leg) => leg !== except && leg.state === 'flowing') ?? null;
  }

  /** Why QC says this leg's picture is unusable, or null. `any`: any reported black/freeze counts. */
  private qcFailing(leg: LiveLeg, any = false): string | null {
    const limit = this.options.qc.failoverAfterSeconds;
    if (limit === null) return null;
    // A black picture is usually frozen too: name every finding, so the cause reads "black + freeze".
    const found = QC_FAILOVER_KINDS.map((kind) => ({ kind, seconds: leg.qc.lastingSeconds(kind) })).filter(
      (finding) => finding.seconds > 0,
    );
    const longest = Math.max(0, ...found.map((finding) => finding.seconds));
    if (found.length === 0 || (!any && longest < limit)) return null;
    return `${found.map((finding) => finding.kind).join(' + ')} for ${longest.toFixed(1)} s`;
  }

  /** Each source's health again, so "last check" on the console stays a few seconds old. */
  private reportHealth() {
    for (const leg of this.legs) {
      if (leg.state === 'starting') continue;
      const health = leg.state === 'down' ? 'DOWN' : leg.qc.active().length > 0 ? 'DEGRADED' : 'HEALTHY';
      void this.options.status.sourceHealth(leg.source.id, health, null).catch(() => undefined);
    }
  }

  private healthySince(leg: LiveLeg): number {
    return Math.max(leg.since, this.qcEndedAt.get(leg) ?? 0);
  }

  private onLegState(leg: LiveLeg, state: TLegState, reason: string | null) {
    const sourceId = leg.source.id;
    if (state === 'down') {
      this.everDown.add(leg);
      this.emit({ kind: 'source_down', sourceId, startedAt: new Date().toISOString(), cause: reason ?? '' });
      void this.options.status.sourceHealth(sourceId, 'DOWN', reason).catch(() => undefined);
    } else if (state === 'flowing') {
      if (this.everDown.has(leg))
        this.emit({ kind: 'source_up', sourceId, startedAt: new Date().toISOString(), cause: 'feed back' });
      void this.options.status.sourceHealth(sourceId, 'HEALTHY', null).catch(() => undefined);
    }
  }

  private onQc(leg: LiveLeg, finding: TQcFinding, phase: 'start' | 'end') {
    if (phase === 'end') this.qcEndedAt.set(leg, Date.now());
    this.emit({
      id: finding.id,
      kind: finding.kind,
      sourceId: leg.source.id,
      startedAt: finding.startedAt.toISOString(),
      endedAt: finding.endedAt?.toISOString() ?? null,
      cause: finding.cause,
      detail: finding.detail,
    });
    const health = phase === 'start' ? 'DEGRADED' : leg.state === 'flowing' ? 'HEALTHY' : 'DOWN';
    void this.options.status
      .sourceHealth(leg.source.id, health, phase === 'start' ? finding.cause : null)
      .catch(() => undefined);
  }

  private emit(event: Omit<Parameters<TEventSink['emit']>[0], 'channelId'>) {
    void this.options.events.emit({ ...event, channelId: this.options.channelId }).catch((error: unknown) => {
      this.log(`could not send ${event.kind} event: ${String(error)}`);
    });
  }

  private label(leg: LiveLeg): string {
    const position = this.legs.indexOf(leg);
    return position === 0 ? 'primary' : position === 1 ? 'backup' : `source ${position + 1}`;
  }

  private log(message: string) {
    (this.options.log ?? console.log)(`live ${this.options.slug}: ${message}`);
  }
}
