// A model's boxes over a soak, some on a new firmware, played by the fleet simulator's pure viewing model and
// encoded as the beacon route stores them: the data of rollouts.sim.test.ts (README "Guardrails").
import { beaconLineEncoder } from '@keten/db/clickhouse';
import { Random } from '@keten/db/random';
import { DEFAULT_WORSE_FIRMWARE, profileFor, type TBoxProfile } from '../../sim/profiles';
import { createViewer } from '../../sim/viewer';

export const SIM_MODEL = 'kaon-kstb6077';
export const OLD_FIRMWARE = '1.9.4';
export const NEW_FIRMWARE = '2.0.0';

/** What the new firmware does: the simulator's worse firmware, only its buffering, or the old one's behaviour. */
export type TSimFirmware = 'worse' | 'buffering' | 'healthy';

export function newFirmwareProfile(kind: TSimFirmware): TBoxProfile {
  const old = profileFor(SIM_MODEL, OLD_FIRMWARE, null);
  if (kind === 'healthy') return old;
  const worse = profileFor(SIM_MODEL, NEW_FIRMWARE, DEFAULT_WORSE_FIRMWARE);
  if (kind === 'worse') return worse;
  return { ...old, stallsPerHour: worse.stallsPerHour, stallMedianMs: worse.stallMedianMs };
}

export interface TSimSeed {
  seed: number;
  /** The new firmwares to roll out, one wave each; every wave gets the same control boxes' viewing. */
  kinds: readonly TSimFirmware[];
  /** The box model's name in the data, per wave (one per wave, so waves share a table without mixing). */
  boxModel: (kind: TSimFirmware) => string;
  boxes: number;
  /** Share of the boxes on the new firmware. */
  share: number;
  from: number;
  soakMs: number;
}

const CHANNELS = ['npo1', 'npo2', 'rtl4', 'sbs6', 'veronica', 'ziggo-sport'] as const;

interface TSimBox {
  index: number;
  profile: TBoxProfile;
  stream: string;
}

/**
 * JSONEachRow lines of every beacon event of each wave's boxes in [from, from + soak): the control boxes are played
 * once per seed and stored under each wave's model name (session ids suffixed per wave, so they stay distinct).
 */
export function simulateSeed(options: TSimSeed): Map<TSimFirmware, string[]> {
  const rng = new Random(`guardrails-sim/${options.seed}`);
  const treated = Math.round(options.boxes * options.share);
  const end = options.from + options.soakMs;
  const out = new Map<TSimFirmware, string[]>(options.kinds.map((kind) => [kind, []]));
  const play = (box: TSimBox, kinds: readonly TSimFirmware[], firmware: string) => {
    const viewer = createViewer({
      rng: rng.fork(`box-${box.index}/${box.stream}`),
      ids: rng.fork(`ids-${box.index}/${box.stream}`),
      profile: box.profile,
      channelIds: CHANNELS,
      startAt: options.from,
    });
    const events = viewer.finish(end - 1);
    for (const kind of kinds) {
      const boxModel = options.boxModel(kind);
      const deviceId = `${boxModel}-box-${box.index}`;
      const encode = beaconLineEncoder(
        {
          deviceId,
          subscriberId: `sub-${deviceId}`,
          boxModel,
          firmware,
          appVersion: '6.2.0',
          region: 'Utrecht',
        },
        end,
      );
      const lines = out.get(kind) ?? [];
      for (const event of events) lines.push(encode({ ...event, sessionId: `${event.sessionId}-${kind}` }));
    }
  };
  const oldProfile = profileFor(SIM_MODEL, OLD_FIRMWARE, null);
  for (let index = treated; index < options.boxes; index++)
    play({ index, profile: oldProfile, stream: 'old' }, options.kinds, OLD_FIRMWARE);
  for (const kind of options.kinds)
    for (let index = 0; index < treated; index++)
      play({ index, profile: newFirmwareProfile(kind), stream: kind }, [kind], NEW_FIRMWARE);
  return out;
}
