import type { TSteeringEdge } from '../trpc/types';

const percent = (value: unknown) => (typeof value === 'number' ? `${(value * 100).toFixed(1)} %` : '–');
const number = (value: unknown) =>
  typeof value === 'number' ? Math.round(value).toLocaleString('en-US') : '–';

/** An edge's latest figures in words, e.g. "error rate 12.0 % of 600 requests · TTFB p95 48 ms · …". */
export function figuresText(figures: TSteeringEdge['lastFigures']): string {
  if (!figures) return 'not checked yet';
  if (typeof figures.requests !== 'number') return 'no records in the window';
  const parts = [
    `error rate ${percent(figures.errorRate)} of ${number(figures.requests)} requests`,
    `TTFB p95 ${number(figures.ttfbP95Ms)} ms`,
  ];
  if (typeof figures.sessions === 'number' && figures.sessions > 0)
    parts.push(
      `${number(figures.sessions)} sessions: failed ${percent(figures.sessionFailureRate)}, rebuffering ${percent(figures.rebufferingRatio)}`,
    );
  return parts.join(' · ');
}

/** Where an edge stands: avoided (by the rule or by hand), returning, kept despite a breach, healthy, or unused. */
export function stateOf(edge: TSteeringEdge): {
  label: string;
  tone: 'danger' | 'warning' | 'success' | 'neutral';
} {
  if (!edge.baseUrl || edge.weight === 0) return { label: 'Serves no boxes', tone: 'neutral' };
  if (edge.state === 'AVOIDED') return { label: edge.pinned ? 'Avoided by hand' : 'Avoided', tone: 'danger' };
  if (edge.movedBoxes > 0) return { label: 'Returning', tone: 'warning' };
  if (edge.lastVerdict === 'breach') return { label: 'Breaching, kept', tone: 'warning' };
  return { label: 'Healthy', tone: 'success' };
}
