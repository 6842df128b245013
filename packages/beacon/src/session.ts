import type { TBeaconEvent } from '@keten/contracts';
import { newSessionId, saveSession, type TSessionState, type TSessionStorageLike } from './session-store';
import type { TBeaconDraft } from './types';

/** One tune of one channel: its ids and the moments its QoE numbers are measured from. */
export class MeterSession {
  readonly id: string;
  private nextSeq: number;
  firstFrameAt: number | null = null;
  failed = false;

  constructor(
    readonly channelId: string,
    readonly attemptAt: number,
    /** Channel-change key press, until the new channel's first frame turns it into a zap. */
    public zapAt: number | null,
    resumed: TSessionState | undefined,
    /** The delivery edge serving this tune's media (e.g. the CDN host), when the app knows it. */
    readonly cdnEdge?: string,
  ) {
    this.id = resumed?.sessionId ?? newSessionId();
    this.nextSeq = resumed?.nextSeq ?? 0;
  }

  /** Stamps the next seq and persists it, so a reload continues from here. */
  stamp(
    draft: TBeaconDraft,
    time: number,
    appVersion: string | undefined,
    storage: TSessionStorageLike | undefined,
  ): TBeaconEvent {
    const event = {
      ...draft,
      sessionId: this.id,
      seq: this.nextSeq,
      time,
      channelId: this.channelId,
    } as TBeaconEvent;
    if (appVersion !== undefined) event.appVersion = appVersion;
    if (this.cdnEdge !== undefined) event.cdnEdge = this.cdnEdge;
    this.nextSeq += 1;
    saveSession(storage, {
      sessionId: this.id,
      nextSeq: this.nextSeq,
      channelId: this.channelId,
      savedAt: time,
    });
    return event;
  }
}
