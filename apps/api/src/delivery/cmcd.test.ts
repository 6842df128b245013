import { describe, expect, it } from 'vitest';
import { readCmcd } from './cmcd';

const query = (cmcd: string) => `kid=AAAAAAAA&exp=1&dev=d&sig=s&CMCD=${encodeURIComponent(cmcd)}`;

describe('readCmcd', () => {
  it('reads sid, cid and br as hls.js sends them in the query', () => {
    const sent =
      'br=1800,bl=8000,cid="c17amtqu",d=2000,ot=av,sf=h,sid="fb8a4dc7-837c-4fbf-8c73-9bd08231dd1b",su';
    expect(readCmcd(query(sent), {})).toEqual({
      sessionId: 'fb8a4dc7-837c-4fbf-8c73-9bd08231dd1b',
      contentId: 'c17amtqu',
      bitrateKbps: 1800,
    });
  });

  it('reads the CMCD-Session and CMCD-Object headers when the query has none', () => {
    expect(
      readCmcd('kid=A', { 'cmcd-session': 'cid="npo-1",sid="abc"', 'cmcd-object': 'br=400,d=2000' }),
    ).toEqual({
      sessionId: 'abc',
      contentId: 'npo-1',
      bitrateKbps: 400,
    });
  });

  it('keeps nothing it cannot store as sent: bad escapes, odd ids, unquoted or oversized values', () => {
    const none = { sessionId: '', contentId: '', bitrateKbps: 0 };
    expect(readCmcd('CMCD=%E0%A4%A', {})).toEqual(none);
    expect(readCmcd(query('sid="a b",cid="x\\"y",br=12345678'), {})).toEqual(none);
    expect(readCmcd(query('sid=abc,cid=npo'), {})).toEqual(none);
    expect(readCmcd(query(`sid="${'a'.repeat(65)}"`), {})).toEqual(none);
    expect(readCmcd(query(`sid="ok",x="${'a'.repeat(1100)}"`), {})).toEqual(none);
    expect(readCmcd('', {})).toEqual(none);
    // A key that merely ends in "sid" is not sid.
    expect(readCmcd(query('xsid="abc"'), {}).sessionId).toBe('');
  });
});
