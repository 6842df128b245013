import { setTimeout as sleep } from 'node:timers/promises';
import {
  type TBeaconEvent,
  type TDeviceConfig,
  type TDeviceTokenPair,
  type TLineupChannel,
  ZBeaconAcceptedSchema,
  ZDeviceConfigSchema,
  ZDeviceTokenPairSchema,
  ZLineupSchema,
} from '@keten/contracts';

// Refresh this long before the access token expires, so a batch in flight does not meet TOKEN_EXPIRED.
const REFRESH_MARGIN_MS = 30_000;
const BACKOFF_MIN_MS = 200;
const BACKOFF_MAX_MS = 5_000;
// A hung request is abandoned and resent (same events), not waited on forever.
const REQUEST_TIMEOUT_MS = 30_000;

export type TPostOutcome =
  | { kind: 'acked'; accepted: number }
  | { kind: 'rejected'; status: number; code: string; message: string };

/** What the client reports while it retries, so the fleet can count 429s and failed attempts. */
export interface TClientEvents {
  onRateLimited(): void;
  onRetry(reason: string): void;
  onRefresh(): void;
  /** Before each activation or refresh (both counted per IP by the device API): the fleet spaces them out. */
  beforeTokenCall?(): Promise<void>;
  /** A new token pair, to keep across restarts. */
  onTokens?(pair: TDeviceTokenPair, expiresAt: number): void;
}

interface TProblem {
  code?: string;
  message?: string;
}

async function problemOf(response: Response): Promise<TProblem> {
  const text = await response.text();
  try {
    return JSON.parse(text) as TProblem;
  } catch {
    return { message: text.slice(0, 200) };
  }
}

const retryAfterMs = (response: Response) => {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000;
};

/** One box talking to the device API: activation, token refresh, lineup, beacons with retry. */
export class DeviceClient {
  private pair: TDeviceTokenPair | null = null;
  private expiresAt = 0;
  private lastConfig: { etag: string; body: TDeviceConfig } | null = null;

  constructor(
    private readonly api: string,
    private readonly events: TClientEvents,
    private readonly signal: AbortSignal,
  ) {}

  /** Takes up tokens kept from an earlier run (a rebooted box): no activation, a refresh when they are due. */
  restore(pair: TDeviceTokenPair, expiresAt: number) {
    this.pair = pair;
    this.expiresAt = expiresAt;
  }

  get device() {
    if (!this.pair) throw new Error('not activated');
    return this.pair.device;
  }

  /** Serial + MAC + factory secret, as a provisioned box does on first boot; 429s are waited out. */
  async activate(serial: string, mac: string, provisioningSecret: string): Promise<TDeviceTokenPair> {
    const pair = await this.tokenCall('/v1/activate', { serial, mac, provisioningSecret });
    return pair;
  }

  async lineup(): Promise<TLineupChannel[]> {
    const response = await this.authorized((headers) =>
      fetch(`${this.api}/v1/lineup`, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
    );
    if (response.status !== 200) {
      const problem = await problemOf(response);
      throw new Error(`lineup: ${response.status} ${problem.code ?? ''} ${problem.message ?? ''}`);
    }
    return ZLineupSchema.parse(await response.json()).channels;
  }

  /**
   * `GET /v1/config` as a box polls it: with If-None-Match once it has a copy, so an unchanged config is a 304 and
   * the kept copy is answered. Throws on any other status (the caller keeps what it had and polls again later).
   */
  async config(): Promise<TDeviceConfig> {
    const kept = this.lastConfig;
    const response = await this.authorized((headers) =>
      fetch(`${this.api}/v1/config`, {
        headers: kept ? { ...headers, 'if-none-match': kept.etag } : headers,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      }),
    );
    if (response.status === 304 && kept) {
      await response.arrayBuffer();
      return kept.body;
    }
    if (response.status !== 200) {
      const problem = await problemOf(response);
      throw new Error(`config: ${response.status} ${problem.code ?? ''} ${problem.message ?? ''}`);
    }
    const body = ZDeviceConfigSchema.parse(await response.json());
    const etag = response.headers.get('etag');
    this.lastConfig = etag ? { etag, body } : null;
    return body;
  }

  /**
   * Posts one batch until it is acknowledged: 429 waits Retry-After, 5xx and network errors back off
   * (200 ms doubling to 5 s), an expired token is refreshed. The same events go again each time: the
   * server stores (sessionId, seq) once. Gives up only on a 4xx refusal or when the run is aborted.
   */
  async postBeacons(events: TBeaconEvent[]): Promise<TPostOutcome> {
    let backoff = BACKOFF_MIN_MS;
    for (;;) {
      // The run's signal only ends the waits: one listener per fetch on it would pile up over a long run.
      this.signal.throwIfAborted();
      let response: Response;
      try {
        response = await this.authorized((headers) =>
          fetch(`${this.api}/v1/beacons`, {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: JSON.stringify({ events }),
            signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
          }),
        );
      } catch (error) {
        if (this.signal.aborted) throw error;
        this.events.onRetry(error instanceof Error ? error.message : String(error));
        await sleep(backoff, undefined, { signal: this.signal });
        backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
        continue;
      }
      if (response.status === 202) {
        return { kind: 'acked', accepted: ZBeaconAcceptedSchema.parse(await response.json()).accepted };
      }
      const problem = await problemOf(response);
      if (response.status === 429) {
        this.events.onRateLimited();
        await sleep(retryAfterMs(response), undefined, { signal: this.signal });
      } else if (response.status >= 500) {
        this.events.onRetry(`${response.status} ${problem.code ?? ''}`);
        await sleep(backoff, undefined, { signal: this.signal });
        backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
      } else {
        return {
          kind: 'rejected',
          status: response.status,
          code: problem.code ?? '',
          message: problem.message ?? '',
        };
      }
    }
  }

  /** Runs a bearer call, refreshing first when the token is about to expire and once more on TOKEN_EXPIRED. */
  private async authorized(call: (headers: Record<string, string>) => Promise<Response>): Promise<Response> {
    if (!this.pair) throw new Error('not activated');
    if (Date.now() > this.expiresAt - REFRESH_MARGIN_MS) await this.refresh();
    const first = await call({ authorization: `Bearer ${this.pair.accessToken}` });
    if (first.status !== 401 || first.headers.get('www-authenticate')?.includes('token expired') !== true) {
      return first;
    }
    await first.arrayBuffer();
    await this.refresh();
    return call({ authorization: `Bearer ${this.pair.accessToken}` });
  }

  async refresh(): Promise<void> {
    if (!this.pair) throw new Error('not activated');
    await this.tokenCall('/v1/token/refresh', { refreshToken: this.pair.refreshToken });
    this.events.onRefresh();
  }

  private async tokenCall(path: string, body: unknown): Promise<TDeviceTokenPair> {
    for (;;) {
      this.signal.throwIfAborted();
      await this.events.beforeTokenCall?.();
      this.signal.throwIfAborted();
      const response = await fetch(`${this.api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (response.status === 429) {
        this.events.onRateLimited();
        await response.arrayBuffer();
        await sleep(retryAfterMs(response), undefined, { signal: this.signal });
        continue;
      }
      if (response.status !== 200 && response.status !== 201) {
        const problem = await problemOf(response);
        throw new Error(`${path}: ${response.status} ${problem.code ?? ''} ${problem.message ?? ''}`.trim());
      }
      const pair = ZDeviceTokenPairSchema.parse(await response.json());
      this.pair = pair;
      this.expiresAt = Date.now() + pair.expiresIn * 1000;
      this.events.onTokens?.(pair, this.expiresAt);
      return pair;
    }
  }
}
