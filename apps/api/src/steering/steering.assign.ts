import { murmur3 } from '@keten/flags';

/** An edge as assignment sees it (steering.plan.ts reads them). */
export interface TPlanEdge {
  name: string;
  baseUrl: string;
  weight: number;
  /** AVOIDED edges receive no steered boxes; a HEALTHY one still breaching (the last healthy edge) neither. */
  receives: boolean;
  /** Boxes whose home this is and whose move hash is below this share (0–1) are sent elsewhere now. */
  movedShare: number;
  /** Why it is avoided, in words (null when it is not). */
  reason: string | null;
}

/** What /v1/config's `delivery` says to one box. */
export interface TDeliveryAssignment {
  edge: string;
  baseUrl: string;
  steeredFrom?: string;
  reason?: string;
}

const UINT32 = 2 ** 32;

const scoreOf = (edge: TPlanEdge, deviceId: string) =>
  -edge.weight / Math.log((murmur3(`edge:${edge.name}:${deviceId}`) + 0.5) / UINT32);

/**
 * Weighted rendezvous hashing: every box scores each edge -weight / ln(u), u its hash of (edge, box) in (0, 1); the
 * best edge that passes `accept` wins. Adding or removing an edge moves only the boxes that ranked it first.
 */
export function bestEdge(
  deviceId: string,
  edges: readonly TPlanEdge[],
  accept: (edge: TPlanEdge) => boolean = () => true,
): TPlanEdge | undefined {
  let best: TPlanEdge | undefined;
  let bestScore = -1;
  for (const edge of edges) {
    if (edge.weight <= 0 || !accept(edge)) continue;
    const score = scoreOf(edge, deviceId);
    if (score > bestScore || (score === bestScore && best && edge.name < best.name)) {
      best = edge;
      bestScore = score;
    }
  }
  return best;
}

/** A box's place in its home edge's moving order: a sticky hash, so a growing share only adds boxes. */
export const moveHash = (edgeName: string, deviceId: string) =>
  murmur3(`steer:${edgeName}:${deviceId}`) / UINT32;

/** Whether a box is among the moved share of its home edge (its move hash below the share). */
export function isMoved(deviceId: string, home: TPlanEdge): boolean {
  return home.movedShare > 0 && moveHash(home.name, deviceId) < home.movedShare;
}

/** The edge one box uses now: its home, or (moved away from an avoided home) the next edge it ranks that receives. */
export function assignEdge(deviceId: string, edges: readonly TPlanEdge[]): TDeliveryAssignment | null {
  const home = bestEdge(deviceId, edges);
  if (!home) return null;
  if (isMoved(deviceId, home)) {
    const target = bestEdge(deviceId, edges, (edge) => edge !== home && edge.receives);
    if (target)
      return {
        edge: target.name,
        baseUrl: target.baseUrl,
        steeredFrom: home.name,
        ...(home.reason ? { reason: home.reason } : {}),
      };
  }
  return { edge: home.name, baseUrl: home.baseUrl };
}

/** Every edge's home boxes as their move hashes, sorted (the cycle counts and moves exact numbers of boxes). */
export function homeHashes(deviceIds: readonly string[], edges: readonly TPlanEdge[]): Map<string, number[]> {
  const homes = new Map<string, number[]>(edges.map((edge) => [edge.name, []]));
  for (const id of deviceIds) {
    const home = bestEdge(id, edges);
    if (home) homes.get(home.name)?.push(moveHash(home.name, id));
  }
  for (const hashes of homes.values()) hashes.sort((a, b) => a - b);
  return homes;
}

/** How many of these sorted hashes lie below a share. */
export function movedCount(hashes: readonly number[], share: number): number {
  let low = 0;
  let high = hashes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (hashes[mid]! < share) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The share that moves exactly the first `count` of these sorted hashes. */
export function shareFor(hashes: readonly number[], count: number): number {
  if (count <= 0) return 0;
  if (count >= hashes.length) return 1;
  return (hashes[count - 1]! + hashes[count]!) / 2;
}
