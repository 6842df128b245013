import {
  LIVE_QUEUE,
  slugify,
  type TChannelState,
  type TFeedSort,
  type TJobState,
  type TListPage,
  type TSourceProtocol,
  type ZChannelFeedsSchema,
} from '@keten/contracts';
import { Prisma, type PrismaClient, type SourceHealth } from '@keten/db/client';
import type { z } from 'zod';
import { likeEscape } from '../lib/like';

export type TChannelFeedsInput = z.output<typeof ZChannelFeedsSchema>;

/** One channel's feed at a glance: what is on air, which sources are in trouble, the live job. */
export interface TChannelFeed {
  id: string;
  lcn: number;
  name: string;
  state: TChannelState;
  lastFailoverAt: Date | null;
  /** `position` 0 is the primary, 1 the first backup… (by priority among the channel's sources). */
  onAir: {
    id: string;
    priority: number;
    position: number;
    protocol: TSourceProtocol;
    health: SourceHealth;
  } | null;
  /** `down` and `degraded` count enabled sources only: a switched-off source is nobody's problem. */
  sources: { total: number; down: number; degraded: number };
  /** The channel's newest job record on the live queue. */
  live: { jobId: string; state: TJobState } | null;
}

interface TFeedRow {
  total: number;
  id: string | null;
  lcn: number;
  name: string;
  state: TChannelState;
  lastFailoverAt: Date | null;
  onAirId: string | null;
  onAirPriority: number | null;
  onAirPosition: number | null;
  onAirProtocol: TSourceProtocol | null;
  onAirHealth: SourceHealth | null;
  sourcesTotal: number;
  sourcesDown: number;
  sourcesDegraded: number;
  liveJobId: string | null;
  liveState: TJobState | null;
}

/** Whitelisted ORDER BY per sort column; LCN (unique) breaks ties so pages stay stable. */
function orderBy(sort: TFeedSort, dir: 'asc' | 'desc') {
  const direction = Prisma.raw(dir === 'desc' ? 'DESC' : 'ASC');
  const column = {
    lcn: Prisma.sql`lcn`,
    name: Prisma.sql`name`,
    // The enum's own order (draft, live, disabled), as channels.list sorts.
    state: Prisma.sql`state_order`,
    lastFailoverAt: Prisma.sql`"lastFailoverAt"`,
  }[sort];
  return Prisma.sql`ORDER BY ${column} ${direction} NULLS LAST, lcn ASC`;
}

function searchOf(q: string | undefined) {
  if (!q) return Prisma.sql`TRUE`;
  const byNumber = /^\d{1,4}$/.test(q) ? Prisma.sql` OR c.lcn = ${Number(q)}` : Prisma.empty;
  const slug = slugify(q) || q.toLowerCase();
  return Prisma.sql`(c.name ILIKE ${`%${likeEscape(q)}%`} OR c.slug LIKE ${`%${likeEscape(slug)}%`}${byNumber})`;
}

/**
 * Every channel's feed, filtered, sorted and paged in PostgreSQL: one query for the page and the
 * total (the count row comes back even when the page is past the end).
 */
export async function listChannelFeeds(
  prisma: PrismaClient,
  input: TChannelFeedsInput,
): Promise<TListPage<TChannelFeed>> {
  const live = input.live === 'running' ? Prisma.sql`"liveState" IN ('QUEUED', 'ACTIVE')` : Prisma.sql`TRUE`;
  const health =
    input.health === 'problem'
      ? Prisma.sql`("sourcesDown" + "sourcesDegraded" > 0 OR ("onAirId" IS NOT NULL AND "onAirHealth" <> 'HEALTHY'))`
      : Prisma.sql`TRUE`;
  const rows = await prisma.$queryRaw<TFeedRow[]>`
    WITH counts AS (
      -- One pass over all sources (a hash aggregate), not one lookup per channel.
      SELECT cs.channel_id, count(*)::int AS total,
        count(*) FILTER (WHERE cs.enabled AND cs.health = 'DOWN')::int AS down,
        count(*) FILTER (WHERE cs.enabled AND cs.health = 'DEGRADED')::int AS degraded,
        count(*) FILTER (WHERE cs.priority < oa.priority)::int AS "onAirPosition"
      FROM channel_sources cs
      JOIN channels c ON c.id = cs.channel_id
      LEFT JOIN channel_sources oa ON oa.id = c.on_air_source_id
      GROUP BY cs.channel_id
    ), feeds AS (
      SELECT c.id, c.lcn, c.name, c.state::text AS state, c.state AS state_order,
        c.last_failover_at AS "lastFailoverAt",
        oa.id AS "onAirId", oa.priority AS "onAirPriority", oa.protocol::text AS "onAirProtocol",
        oa.health::text AS "onAirHealth", s."onAirPosition",
        COALESCE(s.total, 0) AS "sourcesTotal", COALESCE(s.down, 0) AS "sourcesDown",
        COALESCE(s.degraded, 0) AS "sourcesDegraded",
        l.id AS "liveJobId", l.state AS "liveState"
      FROM channels c
      LEFT JOIN channel_sources oa ON oa.id = c.on_air_source_id
      LEFT JOIN counts s ON s.channel_id = c.id
      -- The newest live record, through the (channel_id, created_at) index.
      LEFT JOIN LATERAL (
        SELECT j.id, j.state::text AS state FROM job_records j
        WHERE j.channel_id = c.id AND j.queue = ${LIVE_QUEUE}
        ORDER BY j.created_at DESC, j.id DESC LIMIT 1
      ) l ON TRUE
      WHERE ${searchOf(input.q)}
    ), filtered AS (
      SELECT * FROM feeds WHERE ${live} AND ${health}
    )
    SELECT t.total, f.id, f.lcn, f.name, f.state, f."lastFailoverAt", f."onAirId", f."onAirPriority",
      f."onAirPosition", f."onAirProtocol", f."onAirHealth", f."sourcesTotal", f."sourcesDown",
      f."sourcesDegraded", f."liveJobId", f."liveState"
    FROM (SELECT count(*)::int AS total FROM filtered) t
    LEFT JOIN LATERAL (
      SELECT * FROM filtered ${orderBy(input.sort ?? 'lcn', input.dir)}
      LIMIT ${input.pageSize} OFFSET ${(input.page - 1) * input.pageSize}
    ) f ON TRUE`;
  return {
    items: rows.flatMap((row) => (row.id ? [toFeed(row, row.id)] : [])),
    total: rows[0]?.total ?? 0,
    page: input.page,
    pageSize: input.pageSize,
  };
}

function toFeed(row: TFeedRow, id: string): TChannelFeed {
  return {
    id,
    lcn: row.lcn,
    name: row.name,
    state: row.state,
    lastFailoverAt: row.lastFailoverAt,
    onAir:
      row.onAirId && row.onAirPriority !== null && row.onAirProtocol && row.onAirHealth
        ? {
            id: row.onAirId,
            priority: row.onAirPriority,
            position: row.onAirPosition ?? 0,
            protocol: row.onAirProtocol,
            health: row.onAirHealth,
          }
        : null,
    sources: { total: row.sourcesTotal, down: row.sourcesDown, degraded: row.sourcesDegraded },
    live: row.liveJobId && row.liveState ? { jobId: row.liveJobId, state: row.liveState } : null,
  };
}
