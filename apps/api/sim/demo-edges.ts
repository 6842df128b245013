import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ZSteeringRuleSchema } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { z } from 'zod';
import type { TActor } from '../src/audit/audit.service';
import { createEdge, edgeOfToken, rotateEdgeToken } from '../src/delivery/edges.service';
import { updateEdgeSteering } from '../src/steering/steering.service';
import type { TEdgeRequest } from './edge-traffic';
import { EDGE_LOCATIONS } from './edge-traffic';

/** Who the audit log names for the edges the demo fleet creates or rotates. */
export const DEMO_FLEET_ACTOR: TActor = { id: '', email: 'system:demo-fleet', ip: null };

const ZEdgeTokenFileSchema = z.object({ version: z.literal(1), edges: z.record(z.string(), z.string()) });

async function readTokens(path: string): Promise<Record<string, string>> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text === null) return {};
  try {
    const parsed = ZEdgeTokenFileSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.edges : {};
  } catch {
    return {};
  }
}

async function writeTokens(path: string, edges: Record<string, string>) {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  const file = await open(tmp, 'w', 0o600);
  try {
    await file.writeFile(`${JSON.stringify({ version: 1, edges })}\n`);
    await file.datasync();
  } finally {
    await file.close();
  }
  await rename(tmp, path);
}

/**
 * The demo fleet's CDN edges and their tokens, without a human: each edge of `names` is created through the same
 * service as the console's (token hashed in PostgreSQL, audited as `system:demo-fleet`); its token is kept in
 * `path` (`$KETEN_DATA_DIR/demo-fleet/edges.json`, 0600) as the boxes keep theirs. A kept token the API still
 * knows is reused; an edge that exists but whose token was lost (another data folder) gets a new one by rotation.
 * An edge an operator revoked stays revoked: the fleet leaves it out and says so.
 */
export async function ensureDemoEdges(
  prisma: PrismaClient,
  path: string,
  names: readonly string[],
  log: (line: string) => void,
): Promise<Map<string, string>> {
  const kept = await readTokens(path);
  const tokens = new Map<string, string>();
  let changed = false;
  for (const name of names) {
    const token = kept[name];
    if (token && (await edgeOfToken(prisma, token))?.name === name) {
      tokens.set(name, token);
      continue;
    }
    changed = true;
    const existing = await prisma.cdnEdge.findUnique({
      where: { name },
      select: { id: true, revokedAt: true },
    });
    if (existing?.revokedAt) {
      log(`edge ${name} was revoked in the console: the fleet does not report for it`);
      continue;
    }
    const created = existing
      ? await rotateEdgeToken(prisma, DEMO_FLEET_ACTOR, existing.id)
      : await createEdge(prisma, DEMO_FLEET_ACTOR, { name, location: EDGE_LOCATIONS[name] ?? '' });
    tokens.set(name, created.token);
  }
  if (changed || Object.keys(kept).length !== tokens.size)
    await writeTokens(path, Object.fromEntries(tokens));
  return tokens;
}

/**
 * Where a demo edge serves boxes (`edge-ams-1` → `https://ams-1.cdn.keten.example`): a documentation host under
 * `.example` that nothing resolves or fetches; boxes only name it, and the fleet's edge logs say which edge served.
 */
export const demoBaseUrl = (name: string) => `https://${name.replace(/^edge-/, '')}.cdn.keten.example`;

/**
 * Gives each demo edge without a base URL its `demoBaseUrl` (weight and rule kept), through the console's own
 * service, audited as `system:demo-fleet`: so `/v1/config` names an edge per box and steering has boxes to move. An
 * edge an administrator gave another base URL keeps it; one whose base URL was cleared gets it back at the next start.
 */
export async function ensureDemoBaseUrls(prisma: PrismaClient, names: readonly string[]) {
  const edges = await prisma.cdnEdge.findMany({
    where: { name: { in: [...names] }, baseUrl: null, revokedAt: null },
    select: { id: true, name: true, weight: true, steering: { select: { rule: true } } },
  });
  for (const edge of edges) {
    const rule = ZSteeringRuleSchema.partial().safeParse(edge.steering?.rule ?? {});
    await updateEdgeSteering(prisma, DEMO_FLEET_ACTOR, {
      id: edge.id,
      baseUrl: demoBaseUrl(edge.name),
      weight: edge.weight,
      rule: rule.success ? rule.data : {},
    });
  }
  return edges.length;
}

// Lines an edge holds while the API refuses them (429, 5xx, down): a few minutes of a busy demo edge.
const MAX_HELD_LINES = 50_000;

export interface TEdgeReportStats {
  /** Lines the API stored (202 `accepted`). */
  accepted: number;
  refused: number;
  /** Lines given up: no token for the edge, a 4xx, or more held than MAX_HELD_LINES. */
  dropped: number;
  posts: number;
  lastError?: string;
}

/**
 * The demo edges' log shipping: lines are held per edge and posted as one NDJSON body per edge at each `flush`
 * (every few seconds), with that edge's token. A 429, a 5xx or a network error keeps the lines for the next flush.
 */
export class EdgeReporter {
  readonly stats: TEdgeReportStats = { accepted: 0, refused: 0, dropped: 0, posts: 0 };
  private held = new Map<string, string[]>();
  private posting: Promise<void> | null = null;

  constructor(
    private readonly api: string,
    private readonly tokens: ReadonlyMap<string, string>,
  ) {}

  push(requests: readonly TEdgeRequest[]) {
    for (const { edge, line } of requests) {
      if (!this.tokens.has(edge)) {
        this.stats.dropped++;
        continue;
      }
      const lines = this.held.get(edge) ?? [];
      if (lines.length === 0) this.held.set(edge, lines);
      lines.push(JSON.stringify(line));
    }
  }

  /** Posts what each edge holds (one request per edge, in parallel); a flush still running is awaited instead. */
  flush(signal?: AbortSignal): Promise<void> {
    this.posting ??= this.postAll(signal).finally(() => {
      this.posting = null;
    });
    return this.posting;
  }

  private async postAll(signal?: AbortSignal) {
    const batches = [...this.held].filter(([, lines]) => lines.length > 0);
    this.held = new Map();
    await Promise.all(batches.map(([edge, lines]) => this.post(edge, lines, signal)));
  }

  private async post(edge: string, lines: string[], signal?: AbortSignal) {
    // 10,000 lines per request at most (the route's limit).
    for (let at = 0; at < lines.length; at += 10_000) {
      const chunk = lines.slice(at, at + 10_000);
      this.stats.posts++;
      const response = await fetch(`${this.api}/v1/edge-logs`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.tokens.get(edge)}`,
          'content-type': 'application/x-ndjson',
        },
        body: chunk.join('\n'),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(10_000)]) : AbortSignal.timeout(10_000),
      }).catch((error: unknown) => {
        this.stats.lastError = `edge ${edge}: ${error instanceof Error ? error.message : String(error)}`;
        return null;
      });
      if (response?.status === 202) {
        const report = (await response.json()) as { accepted: number; refused: number };
        this.stats.accepted += report.accepted;
        this.stats.refused += report.refused;
        continue;
      }
      if (response) this.stats.lastError = `edge ${edge}: ${response.status} ${await response.text()}`;
      if (!response || response.status === 429 || response.status >= 500) {
        // Held for the next flush, in order, within the cap.
        const rest = lines.slice(at);
        const held = [...rest, ...(this.held.get(edge) ?? [])];
        const over = Math.max(0, held.length - MAX_HELD_LINES);
        this.stats.dropped += over;
        this.held.set(edge, held.slice(over));
      } else this.stats.dropped += lines.length - at;
      return;
    }
  }
}
