import { z } from 'zod';
import { zId } from './bounds';
import { CODEC_PROFILES, levelsOf } from './codec-levels';
import { zText } from './text';

export const VIDEO_CODECS = ['H264', 'HEVC'] as const;
export const AUDIO_CODECS = ['AAC_LC', 'HE_AAC', 'AC3', 'EAC3'] as const;
export const VIDEO_CODEC_LABELS: Record<(typeof VIDEO_CODECS)[number], string> = {
  H264: 'H.264',
  HEVC: 'HEVC',
};
export const AUDIO_CODEC_LABELS: Record<(typeof AUDIO_CODECS)[number], string> = {
  AAC_LC: 'AAC-LC',
  HE_AAC: 'HE-AAC',
  AC3: 'AC-3',
  EAC3: 'E-AC-3',
};

const int = (min: number, max: number) =>
  z
    .number('must be a number')
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** One rung of an ABR ladder, as an operator edits it; the ladder rules run in validateLadder. */
export const ZRungSchema = z.object({
  codec: z.enum(VIDEO_CODECS),
  profile: zText(20).trim().min(1, 'is required'),
  level: zText(5).trim().min(1, 'is required'),
  width: int(16, 7680),
  height: int(16, 4320),
  fps: z.number('must be a number').positive('must be above 0').max(120, 'must be at most 120'),
  bitrateKbps: int(50, 240_000),
  maxrateKbps: int(50, 300_000),
  bufsizeKbps: int(50, 800_000),
  gopSeconds: z.number('must be a number').positive('must be above 0').max(10, 'must be at most 10'),
});
export type TRungInput = z.infer<typeof ZRungSchema>;

export const ZLadderSchema = z.object({
  segmentSeconds: int(1, 12),
  audioCodec: z.enum(AUDIO_CODECS),
  audioBitrateKbps: int(16, 768),
  audioChannels: int(1, 8),
  rungs: z.array(ZRungSchema).min(1, 'needs at least one rung').max(10, 'allows at most 10 rungs'),
});
export type TLadderInput = z.infer<typeof ZLadderSchema>;

/** Saving a ladder adds a version; the compatibility refusal is overridden only by an explicit confirm. */
export const ZProfileSaveSchema = ZLadderSchema.extend({
  profileId: zId(),
  note: zText(500, { multiline: true }).trim().optional(),
  confirmIncompatible: z.boolean().optional(),
});
export type TProfileSaveInput = z.infer<typeof ZProfileSaveSchema>;

export const ZProfileCreateSchema = ZLadderSchema.extend({
  code: zText(41)
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'must be 2–41 lower-case letters, digits or dashes'),
  name: zText(120).trim().min(1, 'is required'),
  description: zText(500, { multiline: true }).trim().optional(),
});
export type TProfileCreateInput = z.infer<typeof ZProfileCreateSchema>;

export const ZProfileRollbackSchema = z.object({
  profileId: zId(),
  toVersion: int(1, 100_000),
  confirmIncompatible: z.boolean().optional(),
});
export type TProfileRollbackInput = z.infer<typeof ZProfileRollbackSchema>;

/** Moves channels onto a version: all channels of the profile, or the listed ones. */
export const ZProfilePinSchema = z.object({
  profileId: zId(),
  toVersion: int(1, 100_000),
  channelIds: z.array(zId()).min(1).max(500).optional(),
  confirmIncompatible: z.boolean().optional(),
});
export type TProfilePinInput = z.infer<typeof ZProfilePinSchema>;

export const H264_PROFILE_OPTIONS = CODEC_PROFILES.H264;
export const HEVC_PROFILE_OPTIONS = CODEC_PROFILES.HEVC;
export const levelOptions = levelsOf;

/** A box model's decoder, as the capability form edits it. */
export const ZBoxModelCapabilitySchema = z
  .object({
    id: zId(),
    videoCodecs: z.array(z.enum(VIDEO_CODECS)).min(1, 'needs at least one codec'),
    maxH264Profile: z.enum(CODEC_PROFILES.H264),
    maxH264Level: z.enum(levelsOf('H264') as [string, ...string[]]),
    maxHevcProfile: z.enum(CODEC_PROFILES.HEVC).nullable(),
    maxHevcLevel: z.enum(levelsOf('HEVC') as [string, ...string[]]).nullable(),
    maxWidth: int(176, 7680),
    maxHeight: int(144, 4320),
    maxFps: z.number('must be a number').positive('must be above 0').max(120, 'must be at most 120'),
  })
  .superRefine((box, ctx) => {
    if (!box.videoCodecs.includes('HEVC')) return;
    if (!box.maxHevcProfile)
      ctx.addIssue({
        code: 'custom',
        path: ['maxHevcProfile'],
        message: 'is required when the box decodes HEVC',
      });
    if (!box.maxHevcLevel)
      ctx.addIssue({
        code: 'custom',
        path: ['maxHevcLevel'],
        message: 'is required when the box decodes HEVC',
      });
  });
export type TBoxModelCapabilityInput = z.infer<typeof ZBoxModelCapabilitySchema>;
