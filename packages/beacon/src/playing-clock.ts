/** Playing time: runs from the first frame while frames advance; stopped by pause, stall, seek and errors. */
export class PlayingClock {
  private since: number | null = null;
  private ms = 0;

  constructor(private readonly now: () => number) {}

  start(): void {
    this.since ??= this.now();
  }

  stop(): void {
    if (this.since === null) return;
    this.ms += this.now() - this.since;
    this.since = null;
  }

  /** Playing time since the last take; a running interval is cut here and keeps running. */
  take(): number {
    if (this.since !== null) {
      const now = this.now();
      this.ms += now - this.since;
      this.since = now;
    }
    const ms = Math.max(0, Math.round(this.ms));
    this.ms = 0;
    return ms;
  }

  reset(): void {
    this.since = null;
    this.ms = 0;
  }
}
