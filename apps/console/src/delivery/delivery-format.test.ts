import { describe, expect, it } from 'vitest';
import { edgeLabel, edgeParam, formatBytes, rangeOf } from './delivery-format';

describe('delivery formatting', () => {
  it('writes bytes in decimal units with one decimal below ten', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(340_000_000)).toBe('340 MB');
    expect(formatBytes(1_230_000_000)).toBe('1.2 GB');
  });
  it('names the origin’s direct answers and reads unknown ranges as the last hour', () => {
    expect(edgeLabel('')).toBe('Origin (direct)');
    expect(edgeParam('')).toBe('-');
    expect(edgeParam('ams-1')).toBe('ams-1');
    expect(rangeOf('6h').ms).toBe(6 * 3600_000);
    expect(rangeOf('junk').value).toBe('1h');
  });
});
