import { RUNG_KEYS } from './ladder-draft';
import type { TProfileVersion } from './types';

const LADDER_FIELDS = ['segmentSeconds', 'audioCodec', 'audioBitrateKbps', 'audioChannels'] as const;

export interface TVersionChange {
  field: string;
  from: string;
  to: string;
}

const show = (value: unknown) => (value === undefined ? '—' : String(value));

/** Field-by-field changes from one version to another; rungs compare by position. */
export function diffVersions(from: TProfileVersion, to: TProfileVersion): TVersionChange[] {
  const changes: TVersionChange[] = [];
  for (const field of LADDER_FIELDS) {
    if (from[field] !== to[field]) changes.push({ field, from: show(from[field]), to: show(to[field]) });
  }
  const count = Math.max(from.rungs.length, to.rungs.length);
  for (let i = 0; i < count; i++) {
    const a = from.rungs[i];
    const b = to.rungs[i];
    if (!a || !b) {
      const rung = (a ?? b)!;
      const summary = `${rung.width}×${rung.height} ${rung.codec} ${rung.bitrateKbps} kbit/s`;
      changes.push({ field: `rung ${i + 1}`, from: a ? summary : '—', to: b ? summary : '—' });
      continue;
    }
    for (const field of RUNG_KEYS) {
      if (a[field] !== b[field])
        changes.push({ field: `rung ${i + 1} ${field}`, from: show(a[field]), to: show(b[field]) });
    }
  }
  return changes;
}
