/** Pixels per bar in a horizontal bar chart: room for one 11px label per bar, so every bar keeps its label. */
export const BAR_ROW_PX = 28;
const AXIS_AND_MARGINS_PX = 48;

/** A horizontal bar chart's height that fits every bar's label (Recharts drops labels that would overlap). */
export function barChartHeight(bars: number, minimum = 180): number {
  return Math.max(minimum, bars * BAR_ROW_PX + AXIS_AND_MARGINS_PX);
}

/**
 * A count axis: whole-number ticks at a round step (1, 2, 5, 10, 20, 50, …) from 0 to just past the largest
 * value, about `target` ticks; one entry of 1 reads 0–1, not 0–4.
 */
export function integerAxis(max: number, target = 5): { domain: [number, number]; ticks: number[] } {
  const top = Math.max(1, Math.ceil(max));
  const rough = top / Math.max(1, target - 1);
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, rough)));
  const step =
    [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  const end = Math.ceil(top / step) * step;
  return { domain: [0, end], ticks: Array.from({ length: end / step + 1 }, (_, i) => i * step) };
}
