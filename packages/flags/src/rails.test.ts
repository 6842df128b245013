import { describe, expect, it } from 'vitest';
import { bucketOf, inShare } from './bucket';
import type { TCohort, TDeviceFacts } from './engine';
import {
  evaluateRail,
  evaluateRails,
  railsNeedLineup,
  type TRailDefinitionInput,
  ZRailDefinitionSchema,
} from './rails';
import { ZCohortRuleSchema } from './schema';

const box = (overrides: Partial<TDeviceFacts> = {}): TDeviceFacts => ({
  id: 'dev-1',
  boxModel: 'kaon-kstb6077',
  firmware: '3.1.0',
  appVersion: '2.4.0',
  region: 'Utrecht',
  packages: ['basis'],
  ...overrides,
});

const cohorts = new Map<string, TCohort>([
  [
    'sport',
    { id: 'sport', key: 'sport', name: 'Sport', rule: ZCohortRuleSchema.parse({ packages: ['sport'] }) },
  ],
]);

const promo = (id: string, extra: Record<string, unknown> = {}) => ({
  type: 'promotion' as const,
  id,
  title: `Promo ${id}`,
  imageUrl: 'https://img.example/p.jpg',
  target: { type: 'link' as const, url: 'keten://vod/1' },
  ...extra,
});

const rail = (definition: Partial<TRailDefinitionInput> = {}, key = 'home-top') => ({
  key,
  definition: ZRailDefinitionSchema.parse({
    title: 'Top picks',
    variants: [
      { key: 'basic', items: [{ type: 'channel', channelId: 'npo1' }, promo('winter')] },
      {
        key: 'sport',
        items: [
          { type: 'channel', channelId: 'espn' },
          { type: 'channel', channelId: 'npo1' },
        ],
      },
    ],
    defaultVariant: 'basic',
    rules: [{ id: 'sport-fans', cohortId: 'sport', variant: 'sport' }],
    ...definition,
  }),
});

const now = new Date('2026-12-03T12:00:00Z');
const everything = { now, watchable: new Set(['npo1', 'espn']) };

describe('rails', () => {
  it('picks the variant like a flag: first matching rule, else the default', () => {
    expect(evaluateRail(rail(), box({ packages: ['basis', 'sport'] }), cohorts, everything)).toMatchObject({
      variant: 'sport',
      reason: 'RULE',
      rule: { index: 0, id: 'sport-fans', cohortId: 'sport' },
      items: [
        { type: 'channel', channelId: 'espn' },
        { type: 'channel', channelId: 'npo1' },
      ],
    });
    const plain = evaluateRail(rail(), box(), cohorts, everything);
    expect(plain).toMatchObject({ variant: 'basic', reason: 'DEFAULT' });
    expect(plain.skipped).toMatchObject([{ ruleId: 'sport-fans', why: 'NOT_IN_COHORT' }]);
  });

  it('gives no rail when killed, or when no rule applies and there is no default', () => {
    expect(evaluateRail(rail({ killed: true }), box(), cohorts, everything)).toMatchObject({
      variant: null,
      reason: 'KILLED',
      items: [],
    });
    expect(evaluateRail(rail({ defaultVariant: null }), box(), cohorts, everything)).toMatchObject({
      variant: null,
      reason: 'NO_DEFAULT',
      items: [],
    });
  });

  it('rolls out by the sticky bucket of the rail key', () => {
    const half = rail({ rules: [{ id: 'half', cohortId: null, percent: 50, variant: 'sport' }] });
    for (let i = 0; i < 200; i++) {
      const id = `dev-${i}`;
      const result = evaluateRail(half, box({ id }), cohorts, everything);
      expect(result.variant).toBe(inShare(bucketOf('home-top', id), 50) ? 'sport' : 'basic');
    }
  });

  it('gives a box only the channels it may watch, and promotions only while live', () => {
    const definition = {
      variants: [
        {
          key: 'basic',
          items: [
            { type: 'channel' as const, channelId: 'espn' },
            { type: 'channel' as const, channelId: 'npo1' },
            promo('later', { validFrom: '2026-12-04T00:00:00Z' }),
            promo('over', { validTo: '2026-12-03T12:00:00Z' }),
            promo('to-espn', { target: { type: 'channel', channelId: 'espn' } }),
            promo('now', { validFrom: '2026-12-01T00:00:00Z', validTo: '2026-12-31T00:00:00Z' }),
          ],
        },
      ],
      rules: [],
    };
    const result = evaluateRail(rail(definition), box(), cohorts, { now, watchable: new Set(['npo1']) });
    expect(result.items.map((item) => (item.type === 'channel' ? item.channelId : item.id))).toEqual([
      'npo1',
      'now',
    ]);
    expect(result.dropped.map((drop) => [drop.index, drop.why])).toEqual([
      [0, 'NOT_WATCHABLE'],
      [2, 'NOT_YET'],
      [3, 'ENDED'],
      [4, 'TARGET_NOT_WATCHABLE'],
    ]);
  });

  it('orders rails by position, then key', () => {
    const rails = [rail({ position: 20 }, 'b'), rail({ position: 10 }, 'c'), rail({ position: 20 }, 'a')];
    expect(evaluateRails(rails, box(), cohorts, everything).map((r) => r.key)).toEqual(['c', 'a', 'b']);
  });

  it('refuses a bad definition naming the field', () => {
    const result = ZRailDefinitionSchema.safeParse({
      title: '',
      variants: [
        {
          key: 'a',
          items: [
            promo('x', { validFrom: '2026-12-05T00:00:00Z', validTo: '2026-12-04T00:00:00Z' }),
            promo('y', { imageUrl: 'ftp:/x', target: { type: 'link', url: 'not a url' } }),
          ],
        },
      ],
      defaultVariant: 'b',
      rules: [{ id: 'r', cohortId: null, variant: 'zz' }],
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'title',
        'variants.0.items.0.validTo',
        'variants.0.items.1.imageUrl',
        'variants.0.items.1.target.url',
        'defaultVariant',
        'rules.0.variant',
      ]),
    );
  });

  it('needs the lineup only when a live rail names a channel', () => {
    expect(railsNeedLineup([])).toBe(false);
    expect(railsNeedLineup([rail({ variants: [{ key: 'basic', items: [promo('p')] }], rules: [] })])).toBe(
      false,
    );
    expect(railsNeedLineup([rail()])).toBe(true);
    expect(railsNeedLineup([rail({ killed: true })])).toBe(false);
  });
});
