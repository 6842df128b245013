import { describe, expect, it } from 'vitest';
import { ZBeaconEventSchema } from './beacons';

const event = {
  type: 'attempt',
  sessionId: '6f1d2c1e-8a31-4c55-9d3b-0b7a1f9e2a10',
  seq: 0,
  time: Date.UTC(2026, 11, 3, 8),
  channelId: 'npo1',
} as const;

describe('beacon dimensions: app version and delivery edge', () => {
  it('are optional, so a box that never sent them keeps working', () => {
    expect(ZBeaconEventSchema.safeParse(event).success).toBe(true);
    const parsed = ZBeaconEventSchema.parse({ ...event, appVersion: '5.2.1', cdnEdge: 'edge-ams-1' });
    expect(parsed).toMatchObject({ appVersion: '5.2.1', cdnEdge: 'edge-ams-1' });
  });

  it('are bounded text: over 128 characters or a control character is refused naming the field', () => {
    for (const field of ['appVersion', 'cdnEdge'] as const) {
      expect(ZBeaconEventSchema.safeParse({ ...event, [field]: 'e'.repeat(128) }).success).toBe(true);
      const long = ZBeaconEventSchema.safeParse({ ...event, [field]: 'e'.repeat(129) });
      expect(long.error?.issues[0]?.path).toEqual([field]);
      const control = ZBeaconEventSchema.safeParse({ ...event, [field]: 'edge\u0007' });
      expect(control.error?.issues[0]?.path).toEqual([field]);
    }
  });
});
