import { describe, expect, it } from 'vitest';
import { formatXmltvTime, parseXmltvTime } from './xmltv-time';
import { XMLTV_ZONES } from './xmltv-zones';

const iso = (text: string) => {
  const result = parseXmltvTime(text);
  return result.ok ? result.instant.toISOString() : result.reason;
};

describe('XMLTV times', () => {
  it('reads the offset written in the file, and UTC when there is none', () => {
    expect(iso('20261025013000 +0200')).toBe('2026-10-24T23:30:00.000Z');
    expect(iso('20261025023000 +0100')).toBe('2026-10-25T01:30:00.000Z');
    expect(iso('202610250230')).toBe('2026-10-25T02:30:00.000Z');
    expect(iso('20261025023000 -0330')).toBe('2026-10-25T06:00:00.000Z');
    expect(iso('20261025023000+0100')).toBe('2026-10-25T01:30:00.000Z');
  });

  it('reads every form the DTD allows: seconds, minutes… left off, and zone names (the XMLTV project’s files)', () => {
    expect(iso('20010829000500 BST')).toBe('2001-08-28T23:05:00.000Z');
    expect(iso('200108291600 BST')).toBe('2001-08-29T15:00:00.000Z');
    expect(iso('200202240000 +0100')).toBe('2002-02-23T23:00:00.000Z');
    expect(iso('200204201725')).toBe('2002-04-20T17:25:00.000Z');
    expect(iso('2026102520')).toBe('2026-10-25T20:00:00.000Z');
    expect(iso('20261025')).toBe('2026-10-25T00:00:00.000Z');
    expect(iso('202610')).toBe('2026-10-01T00:00:00.000Z');
    expect(iso('2026')).toBe('2026-01-01T00:00:00.000Z');
    expect(iso('20261025203000 CET')).toBe('2026-10-25T19:30:00.000Z');
    expect(iso('20260701203000 CEST')).toBe('2026-07-01T18:30:00.000Z');
    expect(iso('20260701203000 EDT')).toBe('2026-07-02T00:30:00.000Z');
    expect(iso('20261225203000 pst')).toBe('2026-12-26T04:30:00.000Z');
    for (const name of ['UTC', 'GMT', 'Z'])
      expect(iso(`20261025203000 ${name}`)).toBe('2026-10-25T20:30:00.000Z');
    expect(XMLTV_ZONES.BST).toBe(60);
  });

  it('refuses an unknown or ambiguous zone name, naming it and what to write instead', () => {
    expect(iso('20261025203000 XYZ')).toBe(
      '"20261025203000 XYZ": the time zone "XYZ" is not one Keten knows (such as UTC, GMT, BST, CET, CEST, EST, PST); write the offset instead, like +0100.',
    );
    expect(iso('20261025203000 IST')).toMatch(/"IST" can mean India \+0530, Ireland \+0100 or Israel \+0200/);
    expect(iso('20261025203000 +1500')).toMatch(/\+1500 is not a real UTC offset/);
  });

  it('refuses what is not a time, or not a real date, saying which', () => {
    for (const bad of ['2026-10-25 02:30', '2026102502300', '20261025 0230', '']) {
      expect(iso(bad)).toBe(`"${bad}" is not an XMLTV time like 20261025203000 +0100.`);
    }
    for (const bad of ['20260230120000 +0100', '20261025250000 +0100', '202613']) {
      expect(iso(bad)).toBe(`"${bad}" is not a real calendar date and time.`);
    }
    expect(iso('19991231230000 +0000')).toMatch(/must be between 2000-01-01 and 2099-12-31/);
  });

  it('writes Amsterdam wall clock with the offset in force, both passes of the repeated hour distinct', () => {
    expect(formatXmltvTime(new Date('2026-10-25T00:30:00Z'))).toBe('20261025023000 +0200');
    expect(formatXmltvTime(new Date('2026-10-25T01:30:00Z'))).toBe('20261025023000 +0100');
    expect(formatXmltvTime(new Date('2026-03-29T01:00:00Z'))).toBe('20260329030000 +0200');
  });
});
