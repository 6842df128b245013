import { describe, expect, it } from 'vitest';
import { dimensionValueLabel } from './qoe-format';

describe('dimensionValueLabel', () => {
  const channels = new Map([['ch1', 'NPO 1']]);
  const firmware = new Map([['2.0.0', 'Kaonmedia KSTB6077 · 2.0.0']]);
  const models = new Map([['kaon-kstb6077', 'Kaonmedia KSTB6077']]);

  it('names channels, firmware and box models when known, as the firmware pages do', () => {
    expect(dimensionValueLabel('channelId', 'ch1', channels, firmware, models)).toBe('NPO 1');
    expect(dimensionValueLabel('firmware', '2.0.0', channels, firmware, models)).toBe(
      'Kaonmedia KSTB6077 · 2.0.0',
    );
    expect(dimensionValueLabel('boxModel', 'kaon-kstb6077', channels, firmware, models)).toBe(
      'Kaonmedia KSTB6077',
    );
  });

  it('keeps an unknown value as it is and an empty one as "unknown"', () => {
    expect(dimensionValueLabel('boxModel', 'new-model', channels, firmware, models)).toBe('new-model');
    expect(dimensionValueLabel('region', 'NH', channels)).toBe('NH');
    expect(dimensionValueLabel('boxModel', '', channels, firmware, models)).toBe('unknown');
  });
});
