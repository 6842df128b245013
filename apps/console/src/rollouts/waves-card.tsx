import { Badge, Card } from '@keten/ui';
import { formatCount, formatDateTime } from '../format';
import { formatSoak, WAVE_STATE_LABELS } from './rollout-format';
import type { TRolloutDetail } from './types';
import { WaveBar } from './wave-bar';

/** Each wave: the share it reaches, its soak, its state, and its boxes targeted against updated. */
export function WavesCard({ rollout }: { rollout: TRolloutDetail }) {
  const { progress } = rollout;
  return (
    <Card
      title="Waves"
      description={`${formatCount(progress.eligible)} boxes of ${rollout.firmwareVersion.boxModel.name} in the cohort · reached ${progress.reachedPercent} % · a box counts as updated once it reports ${rollout.firmwareVersion.version} and then plays a first frame`}
    >
      <ol className="space-y-4" aria-label="Waves">
        {rollout.waves.map((wave) => {
          const state = WAVE_STATE_LABELS[wave.state];
          return (
            <li key={wave.ordinal} className="grid gap-2 sm:grid-cols-[12rem_1fr]">
              <div>
                <div className="flex items-center gap-2">
                  <span className="text-sm font-medium text-slate-900">
                    Wave {wave.ordinal}: {wave.percent} %
                  </span>
                  <Badge tone={state.tone}>{state.label}</Badge>
                </div>
                <span className="block text-xs text-slate-500">
                  soak {formatSoak(wave.soakMinutes)}
                  {wave.startedAt ? ` · started ${formatDateTime(wave.startedAt)}` : ''}
                  {wave.finishedAt ? ` · ended ${formatDateTime(wave.finishedAt)}` : ''}
                </span>
              </div>
              <WaveBar
                label={`Wave ${wave.ordinal} boxes updated`}
                targeted={wave.targeted}
                updated={wave.updated}
                muted={wave.state === 'PENDING'}
              />
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
