import { describe, expect, it } from 'vitest';
import {
  DEFAULT_VIEW,
  parseQoeView,
  qoeViewQuery,
  resolveRange,
  withFilter,
  withoutFilter,
} from './qoe-view';

const parse = (query: string) => parseQoeView(new URLSearchParams(query));

describe('the QoE view in the URL', () => {
  it('opens the plain page on the default view, and writes the default as no query at all', () => {
    expect(parse('')).toEqual(DEFAULT_VIEW);
    expect(qoeViewQuery(DEFAULT_VIEW)).toBe('');
  });

  it('opens the insight page on the last 24 hours and leaves that out of its URL, the live page on the last hour', () => {
    const insight = parseQoeView(new URLSearchParams(''), 'insight');
    expect(insight.range).toEqual({ kind: 'preset', preset: '24h' });
    expect(qoeViewQuery(insight, 'insight')).toBe('');
    // Carried to the live page it is a choice there, and the other way round.
    expect(qoeViewQuery(insight)).toBe('range=24h');
    expect(qoeViewQuery(DEFAULT_VIEW, 'insight')).toBe('range=1h');
    expect(parseQoeView(new URLSearchParams('range=1h'), 'insight').range).toEqual({
      kind: 'preset',
      preset: '1h',
    });
  });

  it('round-trips stacked filters, the range, the chart and the insight choices', () => {
    let view = withFilter(DEFAULT_VIEW, 'firmware', '2.3.1');
    view = withFilter(view, 'firmware', '2.4.0');
    view = withFilter(view, 'channelId', 'ch1');
    view = {
      ...view,
      range: { kind: 'preset', preset: '24h' },
      chart: 'vsfRate',
      model: 'KT-4K',
      firmwareA: '2.3.1',
    };
    const query = qoeViewQuery(view);
    expect(query).toBe(
      'range=24h&firmware=2.3.1&firmware=2.4.0&channelId=ch1&chart=vsfRate&model=KT-4K&a=2.3.1',
    );
    expect(parse(query)).toEqual(view);
  });

  it('removes one chip and keeps the rest; adding the same value twice stacks it once', () => {
    const two = withFilter(withFilter(DEFAULT_VIEW, 'region', 'north'), 'region', 'south');
    expect(withFilter(two, 'region', 'north')).toBe(two);
    expect(withoutFilter(two, 'region', 'north').filters).toEqual({ region: ['south'] });
    expect(withoutFilter(withoutFilter(two, 'region', 'north'), 'region', 'south').filters).toEqual({});
  });

  it('keeps a fixed range as it is and slides a preset with the clock', () => {
    const fixed = parse('from=2026-12-01T10:00:00.000Z&to=2026-12-01T12:00:00.000Z');
    expect(fixed.range).toEqual({
      kind: 'fixed',
      from: new Date('2026-12-01T10:00:00.000Z'),
      to: new Date('2026-12-01T12:00:00.000Z'),
    });
    expect(resolveRange(parse('range=15m').range, 1_000_000_000)).toEqual({
      from: new Date(1_000_000_000 - 15 * 60_000),
      to: new Date(1_000_000_000),
    });
  });

  it('falls back to defaults for what a hand-edited URL gets wrong', () => {
    const view = parse('range=2y&chart=nope&rank=isp&by=attempts&from=yesterday&to=today&boxModel=');
    expect(view).toEqual(DEFAULT_VIEW);
    expect(parse('from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z').range).toEqual(DEFAULT_VIEW.range);
  });
});
