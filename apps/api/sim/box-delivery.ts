import type { DeviceClient } from './device-client';

// What a box waits between two /v1/config polls when the answer did not say (or the poll failed).
const DEFAULT_POLL_MS = 15_000;

/**
 * The CDN edge one box is told to use, as a box keeps it: `/v1/config` polled every `pollAfterSeconds` (with
 * If-None-Match), its `delivery.edge` taken up. `at` is the caller's clock (wall time live, simulated time in a
 * scenario), so the same box logic serves both.
 */
export class BoxDelivery {
  /** The edge `/v1/config` names now; null before the first answer or while no edge has a base URL. */
  edge: string | null = null;
  /** Steered off its usual edge (the answer's `steeredFrom`), for the scenario's counts. */
  steeredFrom: string | null = null;
  polls = 0;
  failures = 0;
  private nextPollAt = 0;
  private polling: Promise<string | null | undefined> | null = null;

  constructor(private readonly client: DeviceClient) {}

  /** Asks again at `at` instead (a box's polls are spread over the interval, not all in step). */
  pollAgainAt(at: number) {
    this.nextPollAt = at;
  }

  due(at: number) {
    return !this.polling && at >= this.nextPollAt;
  }

  /**
   * Polls `/v1/config`; resolves to the new edge when it changed (null: back to no edge), undefined when it did not
   * or the poll failed (the box keeps its edge and asks again after the default interval).
   */
  poll(at: number): Promise<string | null | undefined> {
    this.polling ??= this.client
      .config()
      .then((config) => {
        this.polls++;
        this.nextPollAt = at + config.pollAfterSeconds * 1000;
        this.steeredFrom = config.delivery?.steeredFrom ?? null;
        const edge = config.delivery?.edge ?? null;
        if (edge === this.edge) return undefined;
        this.edge = edge;
        return edge;
      })
      .catch(() => {
        this.failures++;
        this.nextPollAt = at + DEFAULT_POLL_MS;
        return undefined;
      })
      .finally(() => {
        this.polling = null;
      });
    return this.polling;
  }
}
