/** How a box of one model on one firmware behaves; all times in simulated milliseconds. */
export interface TBoxProfile {
  /** Median attempt → first frame on a fresh tune. */
  startMedianMs: number;
  /** Median key press → first frame on a channel change. */
  zapMedianMs: number;
  stallsPerHour: number;
  stallMedianMs: number;
  /** Share of attempts that fail before the first frame (VSF). */
  startFailureRate: number;
  /** Playback errors per hour of playing; `fatalShare` of them end the session. */
  errorsPerHour: number;
  fatalShare: number;
}

/** The firmware made measurably worse, `model@version`; `none` turns it off. */
export const DEFAULT_WORSE_FIRMWARE = 'kaon-kstb6077@2.0.0';

/** What the worse firmware does to its model's profile (documented in sim/README.md). */
export const WORSE_FIRMWARE_EFFECT = {
  stallFactor: 3,
  stallLengthFactor: 1.5,
  extraStartMs: 800,
  errorFactor: 3,
} as const;

const base = (startMedianMs: number, stallsPerHour: number): TBoxProfile => ({
  startMedianMs,
  zapMedianMs: Math.round(startMedianMs * 0.8),
  stallsPerHour,
  stallMedianMs: 1500,
  startFailureRate: 0.01,
  errorsPerHour: 0.5,
  fatalShare: 0.3,
});

// Older, weaker boxes start slower and stall more; the seed's models by code.
const MODEL_PROFILES: Record<string, TBoxProfile> = {
  'arris-vip1113': base(1500, 3),
  'amino-a140': base(1200, 2.5),
  'kaon-kstb6077': base(950, 2),
  'technicolor-uiw4020': base(850, 1.5),
  'sagemcom-diw387': base(900, 2),
  'nokia-sb8000': base(750, 1.5),
};
const UNKNOWN_MODEL = base(1000, 2);

/** The profile of a box; `worse` is `model@version` of the degraded firmware, or null. */
export function profileFor(boxModel: string, firmware: string | null, worse: string | null): TBoxProfile {
  const profile = MODEL_PROFILES[boxModel] ?? UNKNOWN_MODEL;
  if (worse === null || `${boxModel}@${firmware ?? ''}` !== worse) return profile;
  return {
    ...profile,
    startMedianMs: profile.startMedianMs + WORSE_FIRMWARE_EFFECT.extraStartMs,
    zapMedianMs: profile.zapMedianMs + WORSE_FIRMWARE_EFFECT.extraStartMs,
    stallsPerHour: profile.stallsPerHour * WORSE_FIRMWARE_EFFECT.stallFactor,
    stallMedianMs: profile.stallMedianMs * WORSE_FIRMWARE_EFFECT.stallLengthFactor,
    startFailureRate: profile.startFailureRate * WORSE_FIRMWARE_EFFECT.errorFactor,
    errorsPerHour: profile.errorsPerHour * WORSE_FIRMWARE_EFFECT.errorFactor,
  };
}

/** The region whose boxes fail to start more often (a badly peered access network), or `none`. */
export const DEFAULT_WORSE_REGION = 'Limburg';

/** What the worse region does to every box in it (documented in sim/README.md). */
export const WORSE_REGION_EFFECT = { startFailureFactor: 6 } as const;

/** A profile as it plays out in `region`: the worse region multiplies the start failures. */
export function inRegion(
  profile: TBoxProfile,
  region: string | null,
  worseRegion: string | null,
): TBoxProfile {
  if (worseRegion === null || region !== worseRegion) return profile;
  return { ...profile, startFailureRate: profile.startFailureRate * WORSE_REGION_EFFECT.startFailureFactor };
}

/** Delivery edges: each province's boxes mostly reach their nearest one; `spill` of sessions land elsewhere. */
export const EDGES = ['edge-ams-1', 'edge-ams-2', 'edge-rtm-1', 'edge-ein-1', 'edge-zwl-1'] as const;
const HOME_EDGE: Record<string, (typeof EDGES)[number]> = {
  'Noord-Holland': 'edge-ams-1',
  Flevoland: 'edge-ams-1',
  Utrecht: 'edge-ams-2',
  'Zuid-Holland': 'edge-rtm-1',
  Zeeland: 'edge-rtm-1',
  'Noord-Brabant': 'edge-ein-1',
  Limburg: 'edge-ein-1',
};
export const EDGE_SPILL = 0.1;

/** The edge a box in `region` uses by default (the north and east share Zwolle). */
export const homeEdge = (region: string | null) => (region && HOME_EDGE[region]) || 'edge-zwl-1';

/** The app release some boxes already run next to their model's seeded version (a few versions in the data). */
export const NEWER_APP_VERSION = '6.3.0';
export const NEWER_APP_SHARE = 0.2;

/** Viewing habits, the same for every box. */
export const VIEWING = {
  heartbeatMs: 30_000,
  meanDwellMs: 3 * 60_000,
  /** After leaving a channel: zap to another, else switch off for a while. */
  zapShare: 0.75,
  meanOffMs: 2 * 60_000,
  retryAfterFailureMs: 5_000,
  /** Boxes start within this window, so they do not beat in step. */
  startSpreadMs: 60_000,
  /** Viewers who leave before the first frame (EBVS): this share of all tunes, more when the start is slow. */
  exitBeforeStartShare: 0.004,
  slowStartMs: 2_000,
  exitBeforeSlowStartShare: 0.05,
} as const;

export const START_ERRORS = [
  { errorCode: 'MANIFEST_TIMEOUT', errorLayer: 'network' },
  { errorCode: 'DRM_LICENSE_FAILED', errorLayer: 'drm' },
  { errorCode: 'DECODER_INIT_FAILED', errorLayer: 'decoder' },
] as const;
export const PLAYBACK_ERRORS = [
  { errorCode: 'SEGMENT_404', errorLayer: 'cdn' },
  { errorCode: 'SEGMENT_TIMEOUT', errorLayer: 'network' },
  { errorCode: 'DECODER_ERROR', errorLayer: 'decoder' },
] as const;
