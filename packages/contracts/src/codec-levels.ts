/**
 * Decoder level limits, from the standards, in one place: ITU-T H.264 Table A-1 and ITU-T H.265
 * Tables A-8/A-9 (Main tier). Both the ladder validation and the box compatibility check read these.
 */
export type TVideoCodec = 'H264' | 'HEVC';

export interface TLevelLimits {
  /** Max luma samples per picture (H.264: MaxFS macroblocks × 256). */
  maxLumaPs: number;
  /** Max luma samples per second (H.264: MaxMBPS × 256). */
  maxLumaSr: number;
  /** Max video bit rate in kbit/s for the base profile (H.264 Baseline/Main, HEVC Main/Main10). */
  maxBrKbps: number;
  /** Max coded picture buffer in kbit for the base profile. */
  maxCpbKbits: number;
}

const h264 = (maxMbps: number, maxFs: number, maxBr: number, maxCpb: number): TLevelLimits => ({
  maxLumaPs: maxFs * 256,
  maxLumaSr: maxMbps * 256,
  maxBrKbps: maxBr,
  maxCpbKbits: maxCpb,
});

/** H.264 Table A-1, levels 3.0 to 5.2: MaxMBPS, MaxFS, MaxBR, MaxCPB. */
export const H264_LEVELS = {
  '3.0': h264(40_500, 1_620, 10_000, 10_000),
  '3.1': h264(108_000, 3_600, 14_000, 14_000),
  '3.2': h264(216_000, 5_120, 20_000, 20_000),
  '4.0': h264(245_760, 8_192, 20_000, 25_000),
  '4.1': h264(245_760, 8_192, 50_000, 62_500),
  '4.2': h264(522_240, 8_704, 50_000, 62_500),
  '5.0': h264(589_824, 22_080, 135_000, 135_000),
  '5.1': h264(983_040, 36_864, 240_000, 240_000),
  '5.2': h264(2_073_600, 36_864, 240_000, 240_000),
} as const satisfies Record<string, TLevelLimits>;

const hevc = (maxLumaPs: number, maxLumaSr: number, maxBr: number, maxCpb: number): TLevelLimits => ({
  maxLumaPs,
  maxLumaSr,
  maxBrKbps: maxBr,
  maxCpbKbits: maxCpb,
});

/** H.265 Table A-8 (MaxLumaPs, MaxCPB Main tier) and A-9 (MaxLumaSr, MaxBR Main tier), levels 3.0 to 6.2. */
export const HEVC_LEVELS = {
  '3.0': hevc(552_960, 16_588_800, 6_000, 6_000),
  '3.1': hevc(983_040, 33_177_600, 10_000, 10_000),
  '4.0': hevc(2_228_224, 66_846_720, 12_000, 12_000),
  '4.1': hevc(2_228_224, 133_693_440, 20_000, 20_000),
  '5.0': hevc(8_912_896, 267_386_880, 25_000, 25_000),
  '5.1': hevc(8_912_896, 534_773_760, 40_000, 40_000),
  '5.2': hevc(8_912_896, 1_069_547_520, 60_000, 60_000),
  '6.0': hevc(35_651_584, 1_069_547_520, 60_000, 60_000),
  '6.1': hevc(35_651_584, 2_139_095_040, 120_000, 120_000),
  '6.2': hevc(35_651_584, 4_278_190_080, 240_000, 240_000),
} as const satisfies Record<string, TLevelLimits>;

export type TH264Level = keyof typeof H264_LEVELS;
export type THevcLevel = keyof typeof HEVC_LEVELS;

/** Profiles in capability order: a decoder of a later one also decodes the earlier ones. */
export const CODEC_PROFILES = {
  H264: ['baseline', 'main', 'high'],
  HEVC: ['main', 'main10'],
} as const satisfies Record<TVideoCodec, readonly string[]>;

/**
 * cpbBrVclFactor relative to the base profile: H.264 High allows 1.25× MaxBR/MaxCPB
 * (Table A-2); HEVC Main and Main10 share the base factor.
 */
export const PROFILE_BITRATE_FACTOR: Record<string, number> = {
  'H264:baseline': 1,
  'H264:main': 1,
  'H264:high': 1.25,
  'HEVC:main': 1,
  'HEVC:main10': 1,
};

export function levelsOf(codec: TVideoCodec): readonly string[] {
  return Object.keys(codec === 'H264' ? H264_LEVELS : HEVC_LEVELS);
}

/** "4" and "4.0" name the same level; unknown levels give undefined. */
export function normaliseLevel(level: string): string | undefined {
  const n = Number(level);
  return Number.isFinite(n) && n > 0 ? n.toFixed(1) : undefined;
}

export function levelLimits(codec: TVideoCodec, level: string): TLevelLimits | undefined {
  const key = normaliseLevel(level);
  if (!key) return undefined;
  const table: Record<string, TLevelLimits> = codec === 'H264' ? H264_LEVELS : HEVC_LEVELS;
  return table[key];
}

/** Max bit rate (kbit/s) and CPB (kbit) for a codec/profile/level, or undefined when unknown. */
export function bitrateLimits(
  codec: TVideoCodec,
  profile: string,
  level: string,
): { maxBrKbps: number; maxCpbKbits: number } | undefined {
  const limits = levelLimits(codec, level);
  const factor = PROFILE_BITRATE_FACTOR[`${codec}:${profile}`];
  if (!limits || factor === undefined) return undefined;
  return { maxBrKbps: limits.maxBrKbps * factor, maxCpbKbits: limits.maxCpbKbits * factor };
}

/** Luma samples the picture occupies in the codec's coding units (H.264 codes whole 16×16 macroblocks). */
export function codedLumaSamples(codec: TVideoCodec, width: number, height: number): number {
  if (codec === 'H264') return Math.ceil(width / 16) * Math.ceil(height / 16) * 256;
  return width * height;
}

/** Rank of a profile within its codec, −1 when unknown. */
export function profileRank(codec: TVideoCodec, profile: string): number {
  return (CODEC_PROFILES[codec] as readonly string[]).indexOf(profile);
}
