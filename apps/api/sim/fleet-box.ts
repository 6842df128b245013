import type { Random } from '@keten/db/random';
import { nextSwitchOn, watchingAt } from './daily-curve';
import type { TFleetDevice } from './devices';
import {
  EDGE_SPILL,
  EDGES,
  homeEdge,
  inRegion,
  NEWER_APP_SHARE,
  NEWER_APP_VERSION,
  profileFor,
  VIEWING,
} from './profiles';
import { createViewer, type TViewer } from './viewer';

/** Which firmware and region the demo fleet makes worse (`model@version` and a province; null = none). */
export interface TFleetFlaws {
  worse: string | null;
  worseRegion: string | null;
}

// A viewing spell (sessions joined by zaps) lasts dwell / (1 − zap share) on average.
const SPELL_MS = VIEWING.meanDwellMs / (1 - VIEWING.zapShare);

/**
 * One demo box's viewing on the daily curve: its model, firmware and region shape the profile, it runs one app
 * version (most the model's seeded one, some the newer release) and reaches the edge its `/v1/config` names, or
 * without one its province's edge (some sessions another). The same for the live fleet and the backfill, so the history and the live minutes agree.
 */
export function fleetViewer(options: {
  rng: Random;
  ids: Random;
  device: TFleetDevice;
  channelIds: readonly string[];
  startAt: number;
  flaws: TFleetFlaws;
  /** Share of boxes already watching at `startAt`; default the daily curve's share then. */
  watchingAtStart?: number;
  /** The edge `/v1/config` gives the box now (steering); null or unset: its province's edge, some sessions another. */
  edgeOf?: () => string | null;
}): TViewer {
  const { device, flaws } = options;
  const traits = options.rng.fork('traits');
  const appVersion =
    traits.chance(NEWER_APP_SHARE) || !device.appVersion ? NEWER_APP_VERSION : device.appVersion;
  const home = homeEdge(device.region);
  const others = EDGES.filter((edge) => edge !== home);
  return createViewer({
    rng: options.rng,
    ids: options.ids,
    profile: inRegion(
      profileFor(device.boxModel, device.firmware, flaws.worse),
      device.region,
      flaws.worseRegion,
    ),
    channelIds: options.channelIds,
    startAt: options.startAt,
    switchOn: (rng, from) => nextSwitchOn(rng, from, SPELL_MS),
    watchingAtStart: options.watchingAtStart ?? watchingAt(options.startAt),
    sessionFields: (rng) => ({
      appVersion,
      cdnEdge: options.edgeOf?.() ?? (rng.chance(EDGE_SPILL) ? rng.pick(others) : home),
    }),
  });
}
