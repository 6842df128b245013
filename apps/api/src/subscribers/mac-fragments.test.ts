import { describe, expect, it } from 'vitest';
import { macBoundaryPatterns, macContainsPatterns, macEndPatterns, macFragments } from './mac-fragments';

const like = (pattern: string, text: string) => new RegExp(`^${pattern.replaceAll('%', '.*')}$`).test(text);

/** Whether a stored MAC matches a typed fragment, as the SQL decides it: the index's pattern and the boundary check. */
function matches(typed: string, mac: string): boolean {
  const fragments = macFragments(typed);
  return fragments.some(
    (fragment) =>
      macContainsPatterns([fragment]).some((p) => like(p, mac)) &&
      macBoundaryPatterns([fragment]).some((p) => like(p, `:${mac}`)),
  );
}

describe('MAC fragments respect octet boundaries', () => {
  it('00:00:1a finds …:00:00:1a and never …:00:01:a7, however it is typed', () => {
    for (const typed of ['00:00:1a', '00-00-1A', '00001a', '00 00 1a', '0000.1a']) {
      expect(matches(typed, '02:4b:11:00:00:1a'), typed).toBe(true);
      expect(matches(typed, '02:4b:40:00:01:a7'), typed).toBe(false);
      expect(matches(typed, '02:4b:80:00:01:a7'), typed).toBe(false);
    }
  });

  it('a fragment may start the MAC or follow any colon, never sit inside an octet', () => {
    expect(matches('02:4b', '02:4b:11:00:00:1a')).toBe(true);
    expect(matches('4b:11', '02:4b:11:00:00:1a')).toBe(true);
    expect(matches('b1:10', '02:4b:11:00:00:1a')).toBe(false);
    expect(matches('b:11', '02:4b:11:00:00:1a')).toBe(true); // a half octet before the colon ends one
    expect(matches('00:00:1', '02:4b:11:00:00:1a')).toBe(true); // …and after the last colon starts one
  });

  it('an odd count of bare digits may leave its half octet at either end', () => {
    expect(macFragments('0001a')).toEqual([
      { text: '00:01:a', octetStart: true },
      { text: '0:00:1a', octetStart: false },
    ]);
    expect(matches('0001a', '02:4b:11:00:00:1a')).toBe(true);
    expect(matches('0001a', '02:4b:11:00:01:a7')).toBe(true);
    expect(matches('0001a', '02:4b:11:20:00:1a')).toBe(true);
    expect(matches('0001a', '02:4b:11:00:10:1a')).toBe(false);
  });

  it('separators that split an octet, or text that is no MAC, give nothing to search', () => {
    expect(macFragments('0:0:1a')).toEqual([]);
    expect(macFragments('jansen')).toEqual([]);
    expect(macFragments('a')).toEqual([]);
  });

  it('end patterns mark a fragment at the start or the end of the MAC', () => {
    const end = (typed: string, mac: string) => macEndPatterns(macFragments(typed)).some((p) => like(p, mac));
    expect(end('00:00:1a', '02:4b:11:00:00:1a')).toBe(true);
    expect(end('02:4b', '02:4b:11:00:00:1a')).toBe(true);
    expect(end('11:00', '02:4b:11:00:00:1a')).toBe(false);
  });
});
