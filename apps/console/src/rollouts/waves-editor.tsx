'use client';

import { Button, TextField } from '@keten/ui';

export interface TWaveDraft {
  /** Stable React key while rows are added and removed. */
  key: number;
  percent: string;
  soakMinutes: string;
}

const MAX_WAVES = 10;

/** The plan's waves as rows: cumulative percent and soak minutes; errors show on the row they belong to. */
export function WavesEditor({
  waves,
  onChange,
  errorOf,
}: {
  waves: readonly TWaveDraft[];
  onChange: (waves: TWaveDraft[]) => void;
  errorOf: (field: string) => string | undefined;
}) {
  const update = (key: number, change: Partial<TWaveDraft>) =>
    onChange(waves.map((wave) => (wave.key === key ? { ...wave, ...change } : wave)));
  const nextKey = Math.max(0, ...waves.map((wave) => wave.key)) + 1;
  return (
    <div className="space-y-3">
      {errorOf('waves') && !waves.some((_, index) => errorOf(`waves.${index}.percent`)) ? (
        <p role="alert" className="text-sm text-rose-700">
          Waves: {errorOf('waves')}
        </p>
      ) : null}
      <ol className="space-y-2">
        {waves.map((wave, index) => (
          <li key={wave.key} className="grid grid-cols-[4.5rem_1fr_1fr_auto] items-start gap-2">
            <span className="pt-7 text-sm font-medium text-slate-700">Wave {index + 1}</span>
            <TextField
              label={`Wave ${index + 1} reaches (%)`}
              inputMode="numeric"
              value={wave.percent}
              onChange={(event) => update(wave.key, { percent: event.target.value })}
              error={errorOf(`waves.${index}.percent`)}
            />
            <TextField
              label={`Wave ${index + 1} soak (minutes)`}
              inputMode="numeric"
              value={wave.soakMinutes}
              onChange={(event) => update(wave.key, { soakMinutes: event.target.value })}
              error={errorOf(`waves.${index}.soakMinutes`)}
            />
            <Button
              size="sm"
              variant="ghost"
              className="mt-6"
              aria-label={`Remove wave ${index + 1}`}
              disabled={waves.length === 1}
              onClick={() => onChange(waves.filter((other) => other.key !== wave.key))}
            >
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <Button
        size="sm"
        variant="secondary"
        disabled={waves.length >= MAX_WAVES}
        onClick={() => onChange([...waves, { key: nextKey, percent: '100', soakMinutes: '0' }])}
      >
        Add wave
      </Button>
      <p className="text-xs text-slate-500">
        Percents are cumulative (1 → 5 → 25 → 100): a box in the 1 % stays in at 5 %. The last wave reaches
        100 %.
      </p>
    </div>
  );
}
