import { describe, expect, it } from 'vitest';
import { formatLength, formatSize } from './media-format';

describe('media file labels', () => {
  it('sizes as a file manager shows them', () => {
    expect([0, 25, 1024, 1536, 5 * 1024 ** 3].map(formatSize)).toEqual([
      '0 bytes',
      '25 bytes',
      '1 KB',
      '1.5 KB',
      '5 GB',
    ]);
  });

  it('lengths as editors write them, hours only when there are any', () => {
    expect([2.4, 42, 725, 5525].map(formatLength)).toEqual(['0:02', '0:42', '12:05', '1:32:05']);
  });
});
