import { ZRailDefinitionSchema } from '@keten/flags';
import { describe, expect, it } from 'vitest';
import { railDraftOf, readRailDraft } from './rail-draft';

describe('the rail editor draft', () => {
  it('round-trips a definition, promotion times in Amsterdam', () => {
    const definition = ZRailDefinitionSchema.parse({
      title: 'Tonight',
      position: 5,
      variants: [
        {
          key: 'everyone',
          items: [
            { type: 'channel', channelId: 'ch1' },
            {
              type: 'promotion',
              id: 'winter',
              title: 'Winter sale',
              imageUrl: 'https://img.example/w.jpg',
              target: { type: 'link', url: 'keten://vod/1' },
              validFrom: '2026-12-24T17:00:00.000Z',
              validTo: null,
            },
          ],
        },
      ],
      defaultVariant: 'everyone',
      rules: [{ id: 'r1', cohortId: 'c1', percent: 50, variant: 'everyone' }],
    });
    const draft = railDraftOf(definition);
    const promotion = draft.variants[0]?.items[1];
    expect(promotion).toMatchObject({ validFrom: '2026-12-24T18:00', validTo: '' });
    expect(readRailDraft(draft)).toEqual({ ok: true, definition });
  });

  it('names bad fields', () => {
    const draft = railDraftOf(
      ZRailDefinitionSchema.parse({ title: 'x', variants: [{ key: 'a', items: [] }], defaultVariant: null }),
    );
    const read = readRailDraft({ ...draft, position: 'first', defaultVariant: 'b' });
    expect(read.ok ? {} : read.errors).toMatchObject({
      position: 'Must be a whole number',
      defaultVariant: 'Must name one of the variants',
    });
  });
});
