import { z } from 'zod';
import { zId } from './bounds';
import { zText } from './text';

/** The largest image Keten accepts: 8 GiB, far above any set-top box's flash. */
export const FIRMWARE_MAX_BYTES = 8 * 1024 ** 3;

const zImageUrl = zText(2000)
  .trim()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'must be an http:// or https:// URL',
  });

// Lower-cased on the way in: a box compares the hex digest it computes with this one.
const zSha256 = zText(64)
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 hexadecimal characters (a SHA-256 digest)');

const zVersion = zText(40)
  .trim()
  .min(1, 'is required')
  .regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/, 'must be letters, digits, dots, dashes or underscores, e.g. 2.1.0');

const zSizeBytes = z
  .number('must be a number of bytes')
  .int('must be a whole number of bytes')
  .positive('must be above 0')
  .max(FIRMWARE_MAX_BYTES, 'must be at most 8 GiB');

const zNotes = zText(2000, { multiline: true }).trim();

/** A firmware image a box model can be told to install. */
export const ZFirmwareCreateSchema = z.strictObject({
  boxModelId: zId(),
  version: zVersion,
  imageUrl: zImageUrl,
  sha256: zSha256,
  sizeBytes: zSizeBytes,
  notes: zNotes.optional(),
  releasedAt: z.date('must be a date').optional(),
});
export type TFirmwareCreateInput = z.input<typeof ZFirmwareCreateSchema>;

/** Release notes are the only thing that changes once a version exists: boxes may already hold the image. */
export const ZFirmwareNotesSchema = z.strictObject({ id: zId(), notes: zNotes });
export type TFirmwareNotesInput = z.input<typeof ZFirmwareNotesSchema>;
