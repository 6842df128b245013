'use client';

import {
  AUDIO_CODEC_LABELS,
  AUDIO_CODECS,
  CODEC_PROFILES,
  levelsOf,
  VIDEO_CODEC_LABELS,
  VIDEO_CODECS,
} from '@keten/contracts';
import { Button, SelectField, TextField } from '@keten/ui';
import { blankRung, type TFieldErrors, type TLadderDraft, type TRungDraft } from './ladder-draft';
import { CellInput, CellSelect } from './rung-cells';

const opts = (values: readonly string[], labels?: Record<string, string>) =>
  values.map((value) => ({ value, label: labels?.[value] ?? value }));

const NUMERIC: { key: keyof TRungDraft; header: string; label: string }[] = [
  { key: 'width', header: 'Width', label: 'width' },
  { key: 'height', header: 'Height', label: 'height' },
  { key: 'fps', header: 'fps', label: 'frames per second' },
  { key: 'bitrateKbps', header: 'Bitrate', label: 'bitrate (kbit/s)' },
  { key: 'maxrateKbps', header: 'Maxrate', label: 'maxrate (kbit/s)' },
  { key: 'bufsizeKbps', header: 'Bufsize', label: 'bufsize (kbit)' },
  { key: 'gopSeconds', header: 'GOP s', label: 'GOP (seconds)' },
];

/** Edits an ABR ladder: segment and audio settings, then one row per rung. */
export function LadderEditor({
  draft,
  errors,
  onChange,
}: {
  draft: TLadderDraft;
  errors: TFieldErrors;
  onChange: (draft: TLadderDraft) => void;
}) {
  const setRung = (index: number, patch: Partial<TRungDraft>) =>
    onChange({ ...draft, rungs: draft.rungs.map((rung, i) => (i === index ? { ...rung, ...patch } : rung)) });
  const setCodec = (index: number, codec: string) => {
    const valid = codec === 'HEVC' ? CODEC_PROFILES.HEVC : CODEC_PROFILES.H264;
    const rung = draft.rungs[index]!;
    setRung(index, {
      codec,
      profile: (valid as readonly string[]).includes(rung.profile) ? rung.profile : valid[0],
      level: levelsOf(codec === 'HEVC' ? 'HEVC' : 'H264').includes(rung.level) ? rung.level : '4.0',
    });
  };
  return (
    <div className="flex flex-col gap-4">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <TextField
          label="Segment duration (s)"
          inputMode="numeric"
          value={draft.segmentSeconds}
          error={errors.segmentSeconds}
          onChange={(e) => onChange({ ...draft, segmentSeconds: e.target.value })}
        />
        <SelectField
          label="Audio codec"
          options={opts(AUDIO_CODECS, AUDIO_CODEC_LABELS)}
          value={draft.audioCodec}
          error={errors.audioCodec}
          onChange={(e) => onChange({ ...draft, audioCodec: e.target.value as TLadderDraft['audioCodec'] })}
        />
        <TextField
          label="Audio bitrate (kbit/s)"
          inputMode="numeric"
          value={draft.audioBitrateKbps}
          error={errors.audioBitrateKbps}
          onChange={(e) => onChange({ ...draft, audioBitrateKbps: e.target.value })}
        />
        <TextField
          label="Audio channels"
          inputMode="numeric"
          value={draft.audioChannels}
          error={errors.audioChannels}
          onChange={(e) => onChange({ ...draft, audioChannels: e.target.value })}
        />
      </div>
      {errors.rungs ? <p className="text-sm text-rose-700">{errors.rungs}</p> : null}
      <div className="overflow-x-auto">
        <table className="w-full min-w-[60rem] table-fixed text-sm" aria-label="Ladder rungs">
          <thead className="text-left text-xs font-medium text-slate-500">
            <tr>
              <th className="w-8 py-1.5">#</th>
              <th className="w-28">Codec</th>
              <th className="w-32">Profile</th>
              <th className="w-20">Level</th>
              {NUMERIC.map((c) => (
                <th key={c.key}>{c.header}</th>
              ))}
              <th className="w-20">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.rungs.map((rung, index) => {
              const name = `Rung ${index + 1}`;
              const err = (key: keyof TRungDraft) => errors[`rungs.${index}.${key}`];
              const codec = rung.codec === 'HEVC' ? 'HEVC' : 'H264';
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: rungs have no identity until saved; position is the key.
                <tr key={index} className="border-t border-slate-100 align-top [&>td]:py-1.5 [&>td]:pr-1.5">
                  <td className="pt-3 text-xs text-slate-500">{index + 1}</td>
                  <td>
                    <CellSelect
                      label={`${name} codec`}
                      value={rung.codec}
                      error={err('codec')}
                      options={opts(VIDEO_CODECS, VIDEO_CODEC_LABELS)}
                      onChange={(v) => setCodec(index, v)}
                    />
                  </td>
                  <td>
                    <CellSelect
                      label={`${name} profile`}
                      value={rung.profile}
                      error={err('profile')}
                      options={opts(CODEC_PROFILES[codec])}
                      onChange={(v) => setRung(index, { profile: v })}
                    />
                  </td>
                  <td>
                    <CellSelect
                      label={`${name} level`}
                      value={rung.level}
                      error={err('level')}
                      options={opts(levelsOf(codec))}
                      onChange={(v) => setRung(index, { level: v })}
                    />
                  </td>
                  {NUMERIC.map((c) => (
                    <td key={c.key}>
                      <CellInput
                        label={`${name} ${c.label}`}
                        value={rung[c.key]}
                        error={err(c.key)}
                        onChange={(v) => setRung(index, { [c.key]: v })}
                      />
                    </td>
                  ))}
                  <td>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Remove rung ${index + 1}`}
                      disabled={draft.rungs.length === 1}
                      onClick={() => onChange({ ...draft, rungs: draft.rungs.filter((_, i) => i !== index) })}
                    >
                      Remove
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Button
        variant="secondary"
        size="sm"
        className="self-start"
        disabled={draft.rungs.length >= 10}
        onClick={() => onChange({ ...draft, rungs: [...draft.rungs, blankRung(draft.rungs.at(-1))] })}
      >
        Add rung
      </Button>
    </div>
  );
}
