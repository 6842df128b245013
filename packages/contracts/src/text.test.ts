import { describe, expect, it } from 'vitest';
import { TEXT_MESSAGES, textProblem, zText } from './text';

describe('storable text', () => {
  it('accepts ordinary text in any script, emoji (surrogate pairs) and tabs', () => {
    for (const value of ['NPO 1', 'Ĳsselmeer — zaterdag', '日本語', 'goal ⚽🎉', 'a\tb', ''])
      expect(textProblem(value)).toBeNull();
  });

  it('refuses lone surrogates, NUL and other controls, naming the reason', () => {
    expect(textProblem('\uD800')).toBe(TEXT_MESSAGES.surrogate);
    expect(textProblem('x\uDFFFy')).toBe(TEXT_MESSAGES.surrogate);
    expect(textProblem('\uDE00\uD83D')).toBe(TEXT_MESSAGES.surrogate); // a pair in the wrong order
    for (const value of ['a\u0000b', '\u0007', '\u001B[31m', '\u007F', '\u0085'])
      expect(textProblem(value)).toBe(TEXT_MESSAGES.control);
  });

  it('allows line breaks only in multiline text', () => {
    expect(textProblem('two\nlines')).toBe(TEXT_MESSAGES.lineBreak);
    expect(textProblem('two\r\nlines', { multiline: true })).toBeNull();
  });

  it('zText reports the problem on the field and keeps its bounds', () => {
    const schema = zText(8).min(1);
    expect(schema.parse('serial-1')).toBe('serial-1');
    const refused = schema.safeParse('a\u0000');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(TEXT_MESSAGES.control);
    expect(schema.safeParse('much too long').success).toBe(false);
    expect(schema.safeParse('').success).toBe(false);
  });
});
