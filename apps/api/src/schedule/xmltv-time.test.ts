import { describe, expect, it } from 'vitest';
import { formatXmltvTime, parseXmltvTime } from './xmltv-time';

describe('XMLTV times', () => {
  it('reads the offset written in the file, and UTC when there is none', () => {
    expect(parseXmltvTime('20261025013000 +0200')?.toISOString()).toBe('2026-10-24T23:30:00.000Z');
    expect(parseXmltvTime('20261025023000 +0100')?.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(parseXmltvTime('202610250230')?.toISOString()).toBe('2026-10-25T02:30:00.000Z');
    expect(parseXmltvTime('20261025023000 -0330')?.toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  it('refuses what is not a time', () => {
    for (const bad of ['2026-10-25 02:30', '20260230120000 +0100', '20261025250000 +0100', '', undefined]) {
      expect(parseXmltvTime(bad)).toBeNull();
    }
  });

  it('writes Amsterdam wall clock with the offset in force, both passes of the repeated hour distinct', () => {
    expect(formatXmltvTime(new Date('2026-10-25T00:30:00Z'))).toBe('20261025023000 +0200');
    expect(formatXmltvTime(new Date('2026-10-25T01:30:00Z'))).toBe('20261025023000 +0100');
    expect(formatXmltvTime(new Date('2026-03-29T01:00:00Z'))).toBe('20260329030000 +0200');
  });
});
