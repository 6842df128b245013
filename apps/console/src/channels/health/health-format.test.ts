import { describe, expect, it } from 'vitest';
import { formatAgo, formatDuration, probeSummary, timeTicks, windowLabel } from './health-format';

const now = Date.parse('2026-11-26T12:00:00Z');

describe('channel health formatting', () => {
  it('says how long ago in the operator’s words', () => {
    expect(formatAgo(null, now)).toBe('never');
    expect(formatAgo(new Date(now - 10_000), now)).toBe('just now');
    expect(formatAgo(new Date(now - 4 * 60_000), now)).toBe('4 min ago');
    expect(formatAgo(new Date(now - 3 * 3_600_000).toISOString(), now)).toBe('3 h ago');
    expect(formatAgo(new Date(now - 2 * 86_400_000), now)).toBe('2 days ago');
  });

  it('gives a finding’s length, counting an ongoing one to now', () => {
    const start = new Date(now - 10_000).toISOString();
    expect(formatDuration(start, new Date(now - 7_600).toISOString(), now)).toBe('2.4 s');
    expect(formatDuration(new Date(now - 185_000).toISOString(), null, now)).toBe('3 min 5 s');
    expect(formatDuration(new Date(now - 62 * 60_000).toISOString(), null, now)).toBe('1 h 2 min');
  });

  it('sums up a probe, or says why it failed', () => {
    const probe = {
      probedAt: new Date(now).toISOString(),
      ok: true,
      error: null,
      formatName: 'mpegts',
      video: { codec: 'h264', profile: 'High', width: 1920, height: 1080, fps: 25 },
      audio: { codec: 'aac', channels: 2, sampleRate: 48_000 },
      timestamps: { sampledSeconds: 5, packets: 400, discontinuities: 0 },
    };
    expect(probeSummary(probe)).toBe('h264 High 1920×1080 25 fps · aac 2 ch 48 kHz');
    expect(probeSummary({ ...probe, ok: false, error: 'Connection refused' })).toBe(
      'Probe failed: Connection refused',
    );
    expect(probeSummary(null)).toBe('Not probed yet');
  });

  it('puts round clock ticks on a 6-hour axis', () => {
    const from = Date.parse('2026-11-26T06:12:00Z');
    const ticks = timeTicks(from, from + 6 * 3_600_000);
    expect(ticks.map((tick) => new Date(tick).toISOString().slice(11, 16))).toEqual([
      '07:00',
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '12:00',
    ]);
  });
});

describe('windowLabel', () => {
  it('says the window in words', () => {
    const to = new Date('2026-11-26T12:00:00Z');
    const ago = (minutes: number) => new Date(to.getTime() - minutes * 60_000);
    expect(windowLabel(ago(15), to)).toBe('15 minutes');
    expect(windowLabel(ago(60), to)).toBe('hour');
    expect(windowLabel(ago(360), to)).toBe('6 hours');
  });
});
