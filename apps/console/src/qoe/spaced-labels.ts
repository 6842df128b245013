/**
 * Which vertical lines on a time axis get a text label: in time order, one only where it stands at least `gap` (a share
 * of the axis) after the last labelled one, so labels never overprint each other; the others stay lines, and the
 * list under the chart names every one.
 */
export function spacedLabels(
  lines: readonly { key: string; at: number }[],
  from: number,
  to: number,
  gap = 0.08,
): Set<string> {
  const minimum = Math.max(1, to - from) * gap;
  const labelled = new Set<string>();
  let last = Number.NEGATIVE_INFINITY;
  for (const line of [...lines].sort((a, b) => a.at - b.at || a.key.localeCompare(b.key))) {
    if (line.at - last < minimum) continue;
    labelled.add(line.key);
    last = line.at;
  }
  return labelled;
}
