import {
  bitrateLimits,
  codedLumaSamples,
  levelLimits,
  normaliseLevel,
  profileRank,
  type TVideoCodec,
} from './codec-levels';
import type { TLadderInput, TRungInput } from './profiles';

/** One broken ladder rule, named by its field path as the editor shows it, e.g. `rungs.2.bitrateKbps`. */
export interface TLadderIssue {
  field: string;
  message: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');
// Floating point GOP × fps (e.g. 0.5 × 29.97) is integral when within a thousandth of a frame.
const isWhole = (n: number) => Math.abs(n - Math.round(n)) < 1e-3;

function levelIssue(rung: TRungInput): string | undefined {
  const limits = levelLimits(rung.codec, rung.level);
  if (!limits) return `level ${rung.level} is not a known ${rung.codec === 'H264' ? 'H.264' : 'HEVC'} level`;
  const name = `level ${normaliseLevel(rung.level)}`;
  const picture = codedLumaSamples(rung.codec, rung.width, rung.height);
  if (picture > limits.maxLumaPs) {
    return `${rung.width}×${rung.height} exceeds ${name}'s max picture size (${fmt(limits.maxLumaPs)} luma samples)`;
  }
  // Neither side may exceed sqrt(8 × MaxLumaPs) (H.264 A.3.1 f, H.265 A.4.1).
  const maxSide = Math.sqrt(8 * limits.maxLumaPs);
  if (rung.width > maxSide || rung.height > maxSide) {
    return `${rung.width}×${rung.height} has a side longer than ${name} allows (${Math.floor(maxSide)})`;
  }
  const rate = picture * rung.fps;
  if (rate > limits.maxLumaSr) {
    return `${rung.width}×${rung.height} at ${rung.fps} fps is ${fmt(Math.round(rate))} luma samples/s, above ${name}'s ${fmt(limits.maxLumaSr)}`;
  }
  return undefined;
}

function rungIssues(rung: TRungInput, index: number, segmentSeconds: number): TLadderIssue[] {
  const at = (field: keyof TRungInput, message: string) => ({ field: `rungs.${index}.${field}`, message });
  const issues: TLadderIssue[] = [];
  if (profileRank(rung.codec, rung.profile) < 0) issues.push(at('profile', `is not a ${rung.codec} profile`));
  if (rung.width % 2 !== 0) issues.push(at('width', 'must be an even number'));
  if (rung.height % 2 !== 0) issues.push(at('height', 'must be an even number'));
  const level = levelIssue(rung);
  if (level) issues.push(at('level', level));
  if (rung.maxrateKbps < rung.bitrateKbps) {
    issues.push(at('maxrateKbps', `must be at least the bitrate (${fmt(rung.bitrateKbps)} kbit/s)`));
  }
  const limits = bitrateLimits(rung.codec, rung.profile, rung.level);
  if (limits && rung.maxrateKbps > limits.maxBrKbps) {
    issues.push(
      at(
        'maxrateKbps',
        `exceeds ${rung.profile}@${rung.level}'s max bitrate (${fmt(limits.maxBrKbps)} kbit/s)`,
      ),
    );
  }
  if (rung.bufsizeKbps < rung.maxrateKbps / 2 || rung.bufsizeKbps > rung.maxrateKbps * 4) {
    issues.push(at('bufsizeKbps', 'must hold between 0.5 and 4 seconds at the maxrate'));
  } else if (limits && rung.bufsizeKbps > limits.maxCpbKbits) {
    issues.push(
      at(
        'bufsizeKbps',
        `exceeds ${rung.profile}@${rung.level}'s max buffer (${fmt(limits.maxCpbKbits)} kbit)`,
      ),
    );
  }
  if (!isWhole(rung.gopSeconds * rung.fps)) {
    issues.push(at('gopSeconds', `× ${rung.fps} fps must be a whole number of frames`));
  } else if (!isWhole(segmentSeconds / rung.gopSeconds)) {
    issues.push(at('gopSeconds', `must divide the ${segmentSeconds} s segment duration`));
  }
  return issues;
}

/** Every ladder rule the standards and HLS players need; empty when the ladder may be saved. */
export function validateLadder(ladder: TLadderInput): TLadderIssue[] {
  const issues = ladder.rungs.flatMap((rung, index) => rungIssues(rung, index, ladder.segmentSeconds));
  // Bitrates must fall as resolution falls: sort by height (then width, fps), then compare neighbours.
  const order = ladder.rungs
    .map((rung, index) => ({ rung, index }))
    .sort((a, b) => b.rung.height - a.rung.height || b.rung.width - a.rung.width || b.rung.fps - a.rung.fps);
  for (let i = 1; i < order.length; i++) {
    const higher = order[i - 1]!;
    const lower = order[i]!;
    if (lower.rung.bitrateKbps >= higher.rung.bitrateKbps) {
      issues.push({
        field: `rungs.${lower.index}.bitrateKbps`,
        message: `must be lower than the ${higher.rung.width}×${higher.rung.height} rung's ${fmt(higher.rung.bitrateKbps)} kbit/s`,
      });
    }
  }
  return issues;
}

/** What a box model's decoder can play, as stored on BoxModel. */
export interface TDecoderCapability {
  videoCodecs: readonly TVideoCodec[];
  maxH264Profile: string;
  maxH264Level: string;
  maxHevcProfile: string | null;
  maxHevcLevel: string | null;
  maxWidth: number;
  maxHeight: number;
  maxFps: number;
}

type TRungShape = Pick<TRungInput, 'codec' | 'profile' | 'level' | 'width' | 'height' | 'fps'>;

/** Why a box cannot decode a rung, or undefined when it can. */
export function rungIncompatibility(rung: TRungShape, box: TDecoderCapability): string | undefined {
  if (!box.videoCodecs.includes(rung.codec)) return `no ${rung.codec === 'H264' ? 'H.264' : 'HEVC'} decoder`;
  const maxProfile = rung.codec === 'H264' ? box.maxH264Profile : box.maxHevcProfile;
  const maxLevel = rung.codec === 'H264' ? box.maxH264Level : box.maxHevcLevel;
  if (!maxProfile || profileRank(rung.codec, rung.profile) > profileRank(rung.codec, maxProfile)) {
    return `profile ${rung.profile} above ${maxProfile ?? 'none'}`;
  }
  if (!maxLevel || Number(rung.level) > Number(maxLevel))
    return `level ${rung.level} above ${maxLevel ?? 'none'}`;
  if (rung.width > box.maxWidth || rung.height > box.maxHeight) {
    return `${rung.width}×${rung.height} above ${box.maxWidth}×${box.maxHeight}`;
  }
  if (rung.fps > box.maxFps) return `${rung.fps} fps above ${box.maxFps}`;
  return undefined;
}
