import { describe, expect, it } from 'vitest';
import { ALERT_METRIC_WORDS, ALERT_METRICS, formatAlertFigure } from './alerts';

describe('alert figures in words', () => {
  it('names every metric a rule can watch', () => {
    const metrics = Object.values(ALERT_METRICS).flat();
    expect(metrics.filter((metric) => !ALERT_METRIC_WORDS[metric])).toEqual([]);
  });

  it('writes each figure with its unit', () => {
    expect(formatAlertFigure('videoStartTimeP50', 1920.4)).toBe('1,920 ms');
    expect(formatAlertFigure('vsfRate', 0.1234)).toBe('12.3 %');
    expect(formatAlertFigure('rebufferingRatio', 0.0044)).toBe('0.44 %');
    expect(formatAlertFigure('feedDownSeconds', 700)).toBe('700 s');
    expect(formatAlertFigure('failoversPerHour', 3)).toBe('3 per hour');
    expect(formatAlertFigure('queueDepth', 12_500)).toBe('12,500');
  });
});
