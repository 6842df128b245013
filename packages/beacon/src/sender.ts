import type { TBeaconEvent } from '@keten/contracts';

export interface TSenderOptions {
  endpoint: string;
  getAccessToken: () => string | Promise<string>;
  fetch: typeof fetch;
  now: () => number;
  batchSize: number;
  flushIntervalMs: number;
  maxQueue: number;
  /** Backoff base and cap for retries (exponential, full jitter between half and all of it). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  random?: () => number;
}

// Dropped (oldest first, in this order) when the queue is full: a lost heartbeat only loses a little playing
// time. attempt, first_frame, zap, error and end are never dropped: VSF, EBVS and start times need them.
const DROP_ORDER: readonly TBeaconEvent['type'][] = ['heartbeat', 'stall_start', 'stall_end'];

/** Batches events in order and POSTs them; a failed batch is resent unchanged so the server dedupes it. */
export class BeaconSender {
  private queue: TBeaconEvent[] = [];
  private inFlight: TBeaconEvent[] | null = null;
  private current: Promise<boolean> | null = null;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastToken: string | undefined;
  private warming = false;
  private stopped = false;
  dropped = 0;

  constructor(private readonly opts: TSenderOptions) {}

  enqueue(event: TBeaconEvent): void {
    // A pagehide before the first send still needs a token for its keepalive requests.
    if (this.lastToken === undefined && !this.warming) this.warmToken();
    this.queue.push(event);
    if (this.queue.length > this.opts.maxQueue) this.makeRoom();
    // While backing off, new events wait for the retry timer instead of hammering a failing server.
    if (this.current || this.failures > 0) return;
    if (this.queue.length >= this.opts.batchSize) void this.sendNext();
    else this.schedule(this.opts.flushIntervalMs);
  }

  /** Sends everything queued now; resolves when the queue is empty or a send failed (it retries later). */
  async flush(): Promise<void> {
    while (!this.stopped) {
      if (this.current && !(await this.current)) return;
      if (this.queue.length === 0) return;
      if (!this.current && !(await this.sendNext())) return;
    }
  }

  /** Page is going away: hand all queued events to keepalive requests that outlive the page. */
  flushOnExit(): void {
    const events = [...(this.inFlight ?? []), ...this.queue];
    this.queue = [];
    for (let i = 0; i < events.length; i += this.opts.batchSize) {
      const batch = events.slice(i, i + this.opts.batchSize);
      void this.post(batch, this.lastToken, true).catch(() => undefined);
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  get pending(): number {
    return this.queue.length + (this.inFlight?.length ?? 0);
  }

  private warmToken(): void {
    this.warming = true;
    Promise.resolve()
      .then(() => this.opts.getAccessToken())
      .then((token) => {
        this.lastToken ??= token;
      })
      .catch(() => undefined);
  }

  private makeRoom(): void {
    for (const type of DROP_ORDER) {
      const i = this.queue.findIndex((e) => e.type === type);
      if (i >= 0) {
        this.queue.splice(i, 1);
        this.dropped += 1;
        return;
      }
    }
    // Only kept events left: the queue grows past its bound rather than lose a start or a failure.
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sendNext();
    }, delayMs);
  }

  /** Sends the oldest batch; on failure keeps it as the next batch and schedules a retry. */
  private sendNext(): Promise<boolean> {
    if (this.current) return this.current;
    if (this.queue.length === 0 || this.stopped) return Promise.resolve(false);
    this.current = this.sendBatch().then((ok) => {
      this.current = null;
      if (ok && this.queue.length >= this.opts.batchSize) void this.sendNext();
      else if (ok && this.queue.length > 0) this.schedule(this.opts.flushIntervalMs);
      return ok;
    });
    return this.current;
  }

  private async sendBatch(): Promise<boolean> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue.splice(0, this.opts.batchSize);
    this.inFlight = batch;
    let retryAfterMs: number | undefined;
    let ok = false;
    try {
      const token = await this.opts.getAccessToken();
      this.lastToken = token;
      const res = await this.post(batch, token, false);
      // A 4xx other than 401/408/429 will never succeed: resending it would block every later event.
      ok = res.ok || (res.status >= 400 && res.status < 500 && ![401, 408, 429].includes(res.status));
      if (!ok) retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.opts.now());
    } catch {
      ok = false;
    }
    this.inFlight = null;
    if (!ok) {
      this.queue.unshift(...batch);
      this.failures += 1;
      this.schedule(retryAfterMs ?? this.backoffMs());
      return false;
    }
    this.failures = 0;
    return true;
  }

  private backoffMs(): number {
    const base = this.opts.retryBaseMs ?? 1_000;
    const cap = this.opts.retryMaxMs ?? 60_000;
    const exp = Math.min(cap, base * 2 ** (this.failures - 1));
    return Math.round(exp / 2 + (exp / 2) * (this.opts.random ?? Math.random)());
  }

  private post(events: TBeaconEvent[], token: string | undefined, keepalive: boolean): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    return this.opts.fetch(this.opts.endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ events }),
      keepalive,
    });
  }
}

/** Retry-After as seconds or an HTTP date, in ms from now. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
