import { type TLadderInput, type TRungInput, validateLadder, ZLadderSchema } from '@keten/contracts';

/** What the editor holds: numbers as typed, so a half-typed value is never lost. */
export type TRungDraft = Record<keyof TRungInput, string>;
export interface TLadderDraft {
  segmentSeconds: string;
  audioCodec: TLadderInput['audioCodec'];
  audioBitrateKbps: string;
  audioChannels: string;
  rungs: TRungDraft[];
}

/** A rung's fields in the order the editor, the diff and the ffmpeg panel show them. */
export const RUNG_KEYS = [
  'codec',
  'profile',
  'level',
  'width',
  'height',
  'fps',
  'bitrateKbps',
  'maxrateKbps',
  'bufsizeKbps',
  'gopSeconds',
] as const satisfies readonly (keyof TRungInput)[];

export function draftOf(ladder: TLadderInput): TLadderDraft {
  return {
    segmentSeconds: String(ladder.segmentSeconds),
    audioCodec: ladder.audioCodec,
    audioBitrateKbps: String(ladder.audioBitrateKbps),
    audioChannels: String(ladder.audioChannels),
    rungs: ladder.rungs.map(
      (rung) => Object.fromEntries(RUNG_KEYS.map((key) => [key, String(rung[key])])) as TRungDraft,
    ),
  };
}

// Empty stays empty (NaN) so zod says "must be a number" instead of silently reading 0.
const num = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

function toInput(draft: TLadderDraft) {
  return {
    segmentSeconds: num(draft.segmentSeconds),
    audioCodec: draft.audioCodec,
    audioBitrateKbps: num(draft.audioBitrateKbps),
    audioChannels: num(draft.audioChannels),
    rungs: draft.rungs.map((rung) => ({
      codec: rung.codec,
      profile: rung.profile,
      level: rung.level,
      width: num(rung.width),
      height: num(rung.height),
      fps: num(rung.fps),
      bitrateKbps: num(rung.bitrateKbps),
      maxrateKbps: num(rung.maxrateKbps),
      bufsizeKbps: num(rung.bufsizeKbps),
      gopSeconds: num(rung.gopSeconds),
    })),
  };
}

export type TFieldErrors = Record<string, string>;

/**
 * The same checks the API runs: the shared zod schema, then the ladder rules. Errors are keyed
 * by field path (`rungs.2.bitrateKbps`), first message per field.
 */
export function checkDraft(draft: TLadderDraft): { ladder?: TLadderInput; errors: TFieldErrors } {
  const parsed = ZLadderSchema.safeParse(toInput(draft));
  const errors: TFieldErrors = {};
  const add = (field: string, message: string) => {
    errors[field] ??= message.charAt(0).toUpperCase() + message.slice(1);
  };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(issue.path.join('.') || 'form', issue.message);
    return { errors };
  }
  for (const issue of validateLadder(parsed.data)) add(issue.field, issue.message);
  return { ladder: Object.keys(errors).length ? undefined : parsed.data, errors };
}

export function blankRung(from?: TRungDraft): TRungDraft {
  return from
    ? { ...from }
    : {
        codec: 'H264',
        profile: 'main',
        level: '3.1',
        width: '1280',
        height: '720',
        fps: '25',
        bitrateKbps: '3000',
        maxrateKbps: '3300',
        bufsizeKbps: '6000',
        gopSeconds: '2',
      };
}
