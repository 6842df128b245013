import { describe, expect, it } from 'vitest';
import { documentOf, structuredOf } from './config-rows';

describe('the configuration as rows', () => {
  it('round-trips a document through dotted rows', () => {
    const document = {
      settings: {
        player: { bufferSeconds: 30, codecs: ['h264'] },
        epgDays: 7,
        theme: 'dark',
        beta: false,
        empty: {},
      },
      overrides: [{ cohortId: 'c1', settings: { player: { bufferSeconds: 10 } } }],
    };
    const rows = structuredOf(document);
    expect(rows.settings.map((row) => [row.path, row.kind, row.text])).toEqual([
      ['player.bufferSeconds', 'number', '30'],
      ['player.codecs', 'json', '["h264"]'],
      ['epgDays', 'number', '7'],
      ['theme', 'text', 'dark'],
      ['beta', 'boolean', 'false'],
      ['empty', 'json', '{}'],
    ]);
    expect(documentOf(rows)).toEqual({ ok: true, document });
  });

  it('names the row that cannot be read', () => {
    const read = documentOf({
      settings: [
        { path: 'a.b', kind: 'number', text: 'x' },
        { path: 'a', kind: 'text', text: 'clash' },
        { path: 'c..d', kind: 'text', text: '' },
        { path: 'j', kind: 'json', text: '{' },
      ],
      overrides: [{ cohortId: '', settings: [] }],
    });
    expect(read.ok).toBe(false);
    expect(read.ok ? {} : read.errors).toEqual({
      'settings.0.value': 'Must be a number',
      'settings.2.path': 'Must be a name like player.bufferSeconds',
      'settings.3.value': 'Must be valid JSON, e.g. [1, 2] or {"a": 1}',
      'overrides.0.cohortId': 'Choose a cohort',
    });
  });
});
