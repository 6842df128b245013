/** What the HTTP benchmarks share: closed-loop fetch clients and the median. */

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** `clients` loops fetching `url` as fast as answers come back for `seconds`; counts 200s and the rest. */
export async function closedLoop(seconds: number, url: string, clients: number) {
  const deadline = Date.now() + seconds * 1000;
  let ok = 0;
  let other = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        const response = await fetch(url);
        await response.arrayBuffer();
        if (response.status === 200) ok++;
        else other++;
      }
    }),
  );
  return { ok, other, ms: performance.now() - started };
}
