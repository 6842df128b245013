import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signatureQuery, signPrefix, verifyPrefix } from './playback-signing';

const KEYS = { secrets: ['playback-signing-secret-for-tests-0123456789'] };
const PREFIX = '/media/live/npo-1/';
const NOW = 1_800_000_000;
const signed = (dev = 'cdevice0001', exp = NOW + 3600) => signPrefix(KEYS, PREFIX, dev, exp);
const verify = (query: string) => verifyPrefix(KEYS, PREFIX, query, NOW);
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('verifyPrefix accepts one spelling per signature', () => {
  it('accepts the URL it signed, with a player parameter of its own appended', () => {
    const s = signed();
    expect(verify(signatureQuery(s))).toEqual({ ok: true, signature: s });
    expect(verify(`${signatureQuery(s)}&_HLS_msn=12`).ok).toBe(true);
  });

  it('refuses the lenient spellings of the same MAC bytes an edge comparing strings would not accept', () => {
    const s = signed();
    const last = s.sig.at(-1) ?? '';
    // The 43rd character carries 2 unused bits: its 3 siblings decode to the very same 32 bytes.
    const siblings = [...B64URL].filter(
      (c) =>
        c !== last &&
        Buffer.from(s.sig.slice(0, 42) + c, 'base64url').equals(Buffer.from(s.sig, 'base64url')),
    );
    expect(siblings).toHaveLength(3);
    const variants = [
      ...siblings.map((c) => s.sig.slice(0, 42) + c),
      s.sig.replaceAll('-', '+').replaceAll('_', '/'),
      `${s.sig}=`,
      `${s.sig}.`,
      `${s.sig.slice(0, 10)}%${s.sig.charCodeAt(10).toString(16)}${s.sig.slice(11)}`,
    ].filter((v) => v !== s.sig);
    for (const sig of variants) {
      expect(verify(signatureQuery({ ...s, sig })), sig).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
    }
  });

  it('refuses a parameter twice, percent-encoded, missing, or exp with a leading zero', () => {
    const s = signed();
    const q = signatureQuery(s);
    const cases = {
      'sig twice': `${q}&sig=${s.sig}`,
      'dev twice, other first': `dev=other&${q}`,
      'encoded name': q.replace('kid=', 'k%69d='),
      'encoded value': q.replace(`dev=${s.dev}`, `dev=%63${s.dev.slice(1)}`),
      'exp leading zero': q.replace(`exp=${s.exp}`, `exp=0${s.exp}`),
      'exp plus sign': q.replace(`exp=${s.exp}`, `exp=+${s.exp}`),
      'no kid': q.replace(/kid=[^&]+&/, ''),
      'empty sig': q.replace(s.sig, ''),
    };
    for (const [name, query] of Object.entries(cases)) {
      expect(verify(query), name).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
    }
  });

  it('refuses a key it does not hold, and an expired URL only once the MAC matched', () => {
    const s = signed();
    expect(verify(signatureQuery({ ...s, kid: 'AAAAAAAA' }))).toMatchObject({
      ok: false,
      code: 'TOKEN_INVALID',
    });
    const past = signed('cdevice0001', NOW - 1);
    expect(verify(signatureQuery(past))).toMatchObject({ ok: false, code: 'TOKEN_EXPIRED' });
    expect(verify(signatureQuery({ ...past, exp: NOW + 60 }))).toMatchObject({ code: 'TOKEN_INVALID' });
  });

  it('a counted URL signs its subscriber and limit: dropping, moving or changing them is refused', () => {
    const count = { sub: 'csubscriber01', max: 2 };
    const s = signPrefix(KEYS, PREFIX, 'cdevice0001', NOW + 3600, count);
    const q = signatureQuery(s);
    expect(q).toBe(`kid=${s.kid}&exp=${s.exp}&dev=cdevice0001&sub=csubscriber01&max=2&sig=${s.sig}`);
    expect(verify(q)).toEqual({ ok: true, signature: s });
    const uncounted = signatureQuery(signed());
    const cases = {
      'sub and max dropped': q.replace('&sub=csubscriber01&max=2', ''),
      'max raised': q.replace('max=2', 'max=3'),
      'another subscriber': q.replace('sub=csubscriber01', 'sub=csubscriber02'),
      'max without sub': q.replace('&sub=csubscriber01', ''),
      'max twice': `${q}&max=2`,
      'max leading zero': q.replace('max=2', 'max=02'),
      // An uncounted URL cannot be turned into a counted one for another subscriber either.
      'added to an uncounted URL': uncounted.replace('&sig=', '&sub=csubscriber01&max=9&sig='),
    };
    for (const [name, query] of Object.entries(cases)) {
      expect(verify(query), name).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
    }
  });

  it('will not sign what it would refuse', () => {
    expect(() => signPrefix(KEYS, PREFIX, 'dev&sig=x', NOW + 60)).toThrow();
    expect(() => signPrefix(KEYS, PREFIX, 'dev', 0)).toThrow();
    expect(() => signPrefix(KEYS, PREFIX, 'dev', NOW + 60, { sub: 'a&b', max: 2 })).toThrow();
    expect(() => signPrefix(KEYS, PREFIX, 'dev', NOW + 60, { sub: 'csub', max: 0 })).toThrow();
  });
});

/** Lenient decoders treat these as the same byte or the same text; the origin must not. */
const rewrite = fc.oneof(
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    char: fc.constantFrom(...`${B64URL}+/=.%&`),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.constantFrom('=', '.', '&', '%2D', '+', '0', '&sig=A'),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
);
type TRewrite = typeof rewrite extends fc.Arbitrary<infer T> ? T : never;
const apply = (query: string, edit: TRewrite) => {
  const at = edit.at % (query.length + 1);
  if (edit.kind === 'replace') return query.slice(0, at) + edit.char + query.slice(at + 1);
  if (edit.kind === 'insert') return query.slice(0, at) + edit.text + query.slice(at);
  return query.slice(0, at) + query.slice(at + 1);
};

describe('canonical form, as properties', () => {
  const dev = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
  const exp = fc.integer({ min: NOW + 1, max: 999_999_999_999 });

  // Uncounted (POST /v1/play) and counted (lineup, M3U, player URLs) alike.
  const count = fc.option(fc.record({ sub: dev, max: fc.integer({ min: 1, max: 9999 }) }), {
    nil: undefined,
  });

  it('every URL it signs verifies to exactly what was signed', () => {
    fc.assert(
      fc.property(dev, exp, count, (d, e, c) => {
        const s = signPrefix(KEYS, PREFIX, d, e, c);
        expect(verify(signatureQuery(s))).toEqual({ ok: true, signature: s });
      }),
    );
  });

  it('an edited query is refused, unless every signed value still reads byte for byte as signed', () => {
    fc.assert(
      fc.property(dev, exp, count, fc.array(rewrite, { minLength: 1, maxLength: 3 }), (d, e, c, edits) => {
        const s = signPrefix(KEYS, PREFIX, d, e, c);
        const query = edits.reduce(apply, signatureQuery(s));
        const result = verify(query);
        if (result.ok) expect(result.signature).toEqual(s);
        // Accepted means each parameter appears once, spelled exactly as signed.
        if (result.ok)
          for (const part of signatureQuery(s).split('&')) expect(query.split('&')).toContain(part);
      }),
      { numRuns: 4000 },
    );
  });
});
