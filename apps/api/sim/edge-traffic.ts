import type { TBeaconEvent, TEdgeLogLine, TLineupChannel } from '@keten/contracts';
import type { Random } from '@keten/db/random';

/** Live HLS as the seeded channels are packaged: 2-second segments, the media playlist reloaded once a segment. */
export const SEGMENT_MS = 2_000;

/** How a CDN edge answers: share of cache hits, share of 5xx, TTFB medians on a hit and on a miss (ms). */
export interface TEdgeProfile {
  hitRatio: number;
  playlistHitRatio: number;
  errorRate: number;
  ttfbHitMs: number;
  ttfbMissMs: number;
}

export const EDGE_PROFILE: TEdgeProfile = {
  hitRatio: 0.97,
  playlistHitRatio: 0.6,
  errorRate: 0.002,
  ttfbHitMs: 4,
  ttfbMissMs: 45,
};

/**
 * The demo's worse edge: Eindhoven, which serves Limburg (the worse region, whose boxes also fail to start more
 * often) and Noord-Brabant. Its cache is too small (more misses), its uplink slow (3× the miss TTFB) and it drops
 * more requests (7× the 5xx).
 */
export const DEFAULT_WORSE_EDGE = 'edge-ein-1';
export const WORSE_EDGE_PROFILE: TEdgeProfile = {
  hitRatio: 0.8,
  playlistHitRatio: 0.35,
  errorRate: 0.015,
  ttfbHitMs: 9,
  ttfbMissMs: 140,
};

/**
 * An edge gone bad for a while (a scenario): from `from` to `to` (epoch ms, simulated time) it answers `errorRate`
 * of its requests with a 503/504 and adds `extraTtfbMs` to every first byte; outside that span, its usual profile.
 */
export interface TEdgeIncident {
  edge: string;
  from: number;
  to: number;
  errorRate: number;
  extraTtfbMs: number;
}

/** An edge's profile at simulated instant `at` (the incidents that cover it applied). */
export type TEdgeProfileOf = (edge: string, at: number) => TEdgeProfile;

/** Where the demo edges stand (the console's CDN edges page shows it). */
export const EDGE_LOCATIONS: Record<string, string> = {
  'edge-ams-1': 'Amsterdam',
  'edge-ams-2': 'Amsterdam',
  'edge-rtm-1': 'Rotterdam',
  'edge-ein-1': 'Eindhoven',
  'edge-zwl-1': 'Zwolle',
};

/** One line of an edge's log, for the edge that served it. */
export interface TEdgeRequest {
  edge: string;
  line: TEdgeLogLine;
}

interface TPlaying {
  sessionId: string;
  edge: string;
  channel: TEdgeChannel;
  rung: number;
  /** When the next segment is fetched (epoch ms). */
  nextAt: number;
  stalled: boolean;
}

/** What a box knows of a channel from its lineup: the media folder, the signed query, the renditions. */
export interface TEdgeChannel {
  id: string;
  /** `/media/live/<slug>` */
  base: string;
  /** kid, exp, dev, sig of the signed master URL. */
  query: string;
  /** Bitrates by rendition folder (`v<ordinal>`), lowest first. */
  rungs: { folder: string; kbps: number }[];
}

export function edgeChannels(channels: readonly TLineupChannel[]): Map<string, TEdgeChannel> {
  const byId = new Map<string, TEdgeChannel>();
  for (const channel of channels) {
    const url = new URL(channel.streamUrl, 'http://box.invalid');
    const base = url.pathname.slice(0, url.pathname.lastIndexOf('/'));
    const rungs = [...channel.rungs]
      .sort((a, b) => a.bitrateKbps - b.bitrateKbps)
      .map((rung) => ({ folder: `v${rung.ordinal}`, kbps: rung.bitrateKbps }));
    if (!base.startsWith('/media/') || rungs.length === 0) continue;
    byId.set(channel.id, { id: channel.id, base, query: url.search.slice(1), rungs });
  }
  return byId;
}

/**
 * One box's requests to its CDN edge, derived from its beacons as a player makes them: at a session's attempt the
 * master and media playlists and the first segment, then a segment and a playlist reload every 2 s while it plays
 * (none while stalled; after a stall the player steps one rendition down half the time), a failed request at a
 * playback error, nothing after its end. Every request but the master carries hls.js's CMCD (`sid` = the beacon
 * session id, `cid`, `br`), so the delivery view joins it to the session's QoE. Pure: the same events and random
 * stream give the same lines.
 */
export function createEdgeTraffic(options: {
  rng: Random;
  channels: ReadonlyMap<string, TEdgeChannel>;
  clientIp: string;
  profileOf: TEdgeProfileOf;
  /**
   * The edge the box is told to use (its `/v1/config` `delivery`); null or unset: the edge its beacons name (the
   * demo's province edge, when no edge has a base URL).
   */
  edgeOf?: () => string | null;
}) {
  const { rng, channels, clientIp } = options;
  let playing: TPlaying | null = null;

  const request = (
    at: number,
    state: TPlaying,
    path: string,
    kind: 'master' | 'playlist' | 'segment',
    out: TEdgeRequest[],
    forceError = false,
  ) => {
    const profile = options.profileOf(state.edge, at);
    const rung = state.channel.rungs[state.rung] ?? { folder: 'v0', kbps: 0 };
    const hit = rng.chance(kind === 'segment' ? profile.hitRatio : profile.playlistHitRatio);
    const error = forceError || rng.chance(profile.errorRate);
    const ttfbMs = rng.logNormal(hit ? profile.ttfbHitMs : profile.ttfbMissMs, 0.5);
    const bytes = error
      ? 0
      : kind === 'segment'
        ? Math.round(((rung.kbps * SEGMENT_MS) / 8) * (0.9 + 0.2 * rng.next()))
        : kind === 'master'
          ? 180 + 90 * state.channel.rungs.length
          : 400 + rng.int(0, 120);
    const cmcd =
      kind === 'master'
        ? ''
        : `&CMCD=${encodeURIComponent(`br=${rung.kbps},cid="${state.channel.id}",ot=${kind === 'segment' ? 'v' : 'm'},sid="${state.sessionId}"`)}`;
    out.push({
      edge: state.edge,
      line: {
        time: Math.round(at),
        url: `${state.channel.base}/${path}?${state.channel.query}${cmcd}`,
        status: error ? (rng.chance(0.7) ? 503 : 504) : 200,
        bytes,
        ttfbMs: Math.round(ttfbMs * 10) / 10,
        // ~40 Mbit/s to the box once the first byte is out.
        durationMs: Math.round((ttfbMs + bytes / 5_000) * 10) / 10,
        cacheStatus: error ? 'ERROR' : hit ? 'HIT' : 'MISS',
        clientIp,
      },
    });
  };

  const segmentsUntil = (now: number, out: TEdgeRequest[]) => {
    const state = playing;
    if (!state || state.stalled) return;
    while (state.nextAt <= now) {
      const rung = state.channel.rungs[state.rung]?.folder ?? 'v0';
      request(state.nextAt, state, `${rung}/index.m3u8`, 'playlist', out);
      request(
        state.nextAt + 15,
        state,
        `${rung}/index${Math.floor(state.nextAt / SEGMENT_MS)}.ts`,
        'segment',
        out,
      );
      state.nextAt += SEGMENT_MS;
    }
  };

  return {
    /**
     * The box was told another edge (a steer or a return, seen at its `/v1/config` poll at `at`): a session playing
     * re-tunes there at once, so its next requests (the master and media playlists first) go to the new edge.
     */
    moveTo(edge: string, at: number): TEdgeRequest[] {
      const out: TEdgeRequest[] = [];
      const state = playing;
      if (!state || state.edge === edge) return out;
      segmentsUntil(at, out);
      state.edge = edge;
      const rung = state.channel.rungs[state.rung]?.folder ?? 'v0';
      request(at, state, 'index.m3u8', 'master', out);
      request(at + 30, state, `${rung}/index.m3u8`, 'playlist', out);
      state.nextAt = Math.max(state.nextAt, at + 60);
      return out;
    },
    /** The requests the box made up to `now`, given the beacon events that fell due up to it (in order). */
    advance(events: readonly TBeaconEvent[], now: number): TEdgeRequest[] {
      const out: TEdgeRequest[] = [];
      for (const event of events) {
        segmentsUntil(event.time, out);
        if (event.type === 'attempt') {
          const channel = channels.get(event.channelId);
          if (!channel || !event.cdnEdge) {
            playing = null;
            continue;
          }
          // Most boxes play the top rendition, some one or two below (their line, their TV).
          const top = channel.rungs.length - 1;
          const rung = Math.max(0, top - (rng.chance(0.65) ? 0 : rng.chance(0.7) ? 1 : 2));
          playing = {
            sessionId: event.sessionId,
            edge: options.edgeOf?.() ?? event.cdnEdge,
            channel,
            rung,
            nextAt: event.time + 60,
            stalled: false,
          };
          request(event.time, playing, 'index.m3u8', 'master', out);
          request(
            event.time + 30,
            playing,
            `${channel.rungs[rung]?.folder ?? 'v0'}/index.m3u8`,
            'playlist',
            out,
          );
          continue;
        }
        if (!playing || playing.sessionId !== event.sessionId) continue;
        if (event.type === 'stall_start') playing.stalled = true;
        else if (event.type === 'stall_end') {
          playing.stalled = false;
          playing.nextAt = event.time;
          if (rng.chance(0.5)) playing.rung = Math.max(0, playing.rung - 1);
        } else if (event.type === 'error') {
          const rung = playing.channel.rungs[playing.rung]?.folder ?? 'v0';
          request(
            event.time,
            playing,
            `${rung}/index${Math.floor(event.time / SEGMENT_MS)}.ts`,
            'segment',
            out,
            true,
          );
        } else if (event.type === 'end') playing = null;
      }
      segmentsUntil(now, out);
      return out;
    },
  };
}

/** The demo edge profile by name: the worse edge worse, every other one alike; an incident over both while it lasts. */
export const edgeProfileOf =
  (worseEdge: string | null, incidents: readonly TEdgeIncident[] = []): TEdgeProfileOf =>
  (edge, at) => {
    const usual = edge === worseEdge ? WORSE_EDGE_PROFILE : EDGE_PROFILE;
    const incident = incidents.find((i) => i.edge === edge && at >= i.from && at < i.to);
    if (!incident) return usual;
    return {
      ...usual,
      errorRate: Math.max(usual.errorRate, incident.errorRate),
      ttfbHitMs: usual.ttfbHitMs + incident.extraTtfbMs,
      ttfbMissMs: usual.ttfbMissMs + incident.extraTtfbMs,
    };
  };
