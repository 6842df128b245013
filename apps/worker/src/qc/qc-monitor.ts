import { randomUUID } from 'node:crypto';
import type { TQcKind, TQcSettings } from '@keten/contracts';

/** A QC finding that has lasted its threshold; `endedAt` is set once it is over. */
export type TQcFinding = {
  /** The same for a finding's start and its end. */
  id: string;
  kind: TQcKind;
  startedAt: Date;
  endedAt: Date | null;
  cause: string;
  detail: Record<string, number>;
};

export type TQcListener = (finding: TQcFinding, phase: 'start' | 'end') => void;

type TOpen = { since: number; reported: TQcFinding | null; timer?: NodeJS.Timeout };

const LINES: [RegExp, TQcKind, 'start' | 'end'][] = [
  [/lavfi\.black_start=/, 'black', 'start'],
  [/lavfi\.black_end=/, 'black', 'end'],
  [/lavfi\.freezedetect\.freeze_start:/, 'freeze', 'start'],
  [/lavfi\.freezedetect\.freeze_end:/, 'freeze', 'end'],
  [/silence_start:/, 'silence', 'start'],
  [/silence_end:/, 'silence', 'end'],
];
const LOUDNESS = /lavfi\.r128\.S=(-?[\d.]+|nan|inf|-inf)/;

/**
 * Turns the detectors' log lines into findings with wall-clock start and end. blackdetect reports
 * the first black picture, so the threshold is applied here with a timer; freezedetect and
 * silencedetect report once their own duration has passed, so their start is back-dated by it.
 */
export class QcMonitor {
  private open = new Map<TQcKind, TOpen>();

  constructor(
    private readonly settings: TQcSettings,
    private readonly listener: TQcListener,
    private readonly now: () => number = Date.now,
  ) {}

  /** Findings in progress that have been reported (e.g. to decide on a QC failover). */
  active(): TQcFinding[] {
    return [...this.open.values()].flatMap((open) => (open.reported ? [open.reported] : []));
  }

  /** How long a reported finding of this kind has lasted so far, in seconds (0 when none). */
  lastingSeconds(kind: TQcKind): number {
    const open = this.open.get(kind);
    return open?.reported ? (this.now() - open.since) / 1000 : 0;
  }

  line(text: string): void {
    const loud = LOUDNESS.exec(text);
    if (loud) {
      this.loudness(Number(loud[1]));
      return;
    }
    for (const [pattern, kind, phase] of LINES) {
      if (!pattern.test(text)) continue;
      if (phase === 'start') this.begin(kind);
      else this.end(kind);
      return;
    }
  }

  /** The input went away: whatever was open ends now. */
  closeAll(): void {
    for (const kind of [...this.open.keys()]) this.end(kind);
  }

  private begin(kind: TQcKind) {
    if (this.open.has(kind)) return;
    const now = this.now();
    if (kind === 'black') {
      const open: TOpen = { since: now, reported: null };
      open.timer = setTimeout(() => this.report(kind, open), this.settings.blackSeconds * 1000);
      this.open.set(kind, open);
      return;
    }
    const waited = kind === 'freeze' ? this.settings.freezeSeconds : this.settings.silenceSeconds;
    const open: TOpen = { since: now - waited * 1000, reported: null };
    this.open.set(kind, open);
    this.report(kind, open);
  }

  private report(kind: TQcKind, open: TOpen, detail: Record<string, number> = {}) {
    if (this.open.get(kind) !== open || open.reported) return;
    const seconds = (this.now() - open.since) / 1000;
    open.reported = {
      id: randomUUID(),
      kind,
      startedAt: new Date(open.since),
      endedAt: null,
      cause: `${kind === 'loudness' ? 'too loud' : kind} for ${seconds.toFixed(1)} s`,
      detail,
    };
    this.listener(open.reported, 'start');
  }

  private end(kind: TQcKind) {
    const open = this.open.get(kind);
    if (!open) return;
    clearTimeout(open.timer);
    this.open.delete(kind);
    if (!open.reported) return; // shorter than the threshold: not a finding
    const endedAt = new Date(this.now());
    const seconds = (endedAt.getTime() - open.since) / 1000;
    const finding = {
      ...open.reported,
      endedAt,
      cause: `${kind === 'loudness' ? 'too loud' : kind} for ${seconds.toFixed(1)} s`,
      detail: { ...open.reported.detail, seconds: Math.round(seconds * 10) / 10 },
    };
    this.listener(finding, 'end');
  }

  private loudness(lufs: number) {
    const tooLoud = Number.isFinite(lufs) && lufs > this.settings.loudnessMaxLufs;
    const open = this.open.get('loudness');
    if (!tooLoud) {
      if (open) this.end('loudness');
      return;
    }
    if (!open) {
      this.open.set('loudness', { since: this.now(), reported: null });
      return;
    }
    if (!open.reported && this.now() - open.since >= this.settings.loudnessSeconds * 1000) {
      this.report('loudness', open, { lufs, maxLufs: this.settings.loudnessMaxLufs });
    }
  }
}
