import { Badge, Card, EmptyState } from '@keten/ui';
import { z } from 'zod';
import { formatDateTime } from '../format';
import { formatPercent } from '../qoe/qoe-format';
import { formatPoints, GUARDRAIL_LABELS } from './rollout-format';
import type { TRolloutDetail } from './types';

// The engine stores judgeWave's checks as JSON; read what the page shows, tolerating fields added later.
const ZCheckSchema = z.object({
  metric: z.enum(['vsf', 'vpf', 'rebufferingRatio', 'errorRate']),
  treatment: z.number().nullable(),
  control: z.number().nullable(),
  delta: z.number().nullable(),
  pValue: z.number(),
  threshold: z.number(),
  sufficient: z.boolean().optional(),
  breached: z.boolean(),
  reason: z.string(),
});
const ZChecksSchema = z.array(ZCheckSchema);

const VERDICTS = {
  pass: { label: 'passing', tone: 'success' },
  halt: { label: 'halt', tone: 'danger' },
  insufficient: { label: 'not enough data yet', tone: 'neutral' },
} as const;

/** The latest judgement of the wave's guardrails, each metric in words with the two sides' values. */
export function GuardrailChecks({ rollout }: { rollout: TRolloutDetail }) {
  const latest = rollout.latestCheck;
  const g = rollout.guardrails;
  const limits = `Allowed worsening: VSF ${formatPoints(g.maxVsfDelta)}, VPF ${formatPoints(g.maxVpfDelta)}, rebuffering ${formatPoints(g.maxRebufferingRatioDelta)}, error rate ${formatPoints(g.maxErrorRateDelta)}; at least ${g.minAttempts} attempts and ${g.minPlays} plays per side.`;
  if (!latest) {
    return (
      <Card title="Guardrails" description={limits}>
        <EmptyState
          title="Not judged yet"
          description="The engine judges a running wave every 30 s against the same model's boxes not yet updated."
        />
      </Card>
    );
  }
  const parsed = ZChecksSchema.safeParse(latest.checks);
  const verdict = VERDICTS[latest.verdict as keyof typeof VERDICTS] ?? {
    label: latest.verdict,
    tone: 'neutral' as const,
  };
  return (
    <Card
      title="Guardrails"
      description={limits}
      actions={<Badge tone={verdict.tone}>{verdict.label}</Badge>}
    >
      <p className="mb-3 text-xs text-slate-500">
        Wave {latest.waveOrdinal}, judged {formatDateTime(latest.at)}: the wave’s boxes against the control
        (same model, not yet updated, same window).
      </p>
      {parsed.success ? (
        <ul className="space-y-3" aria-label="Guardrail checks">
          {parsed.data.map((check) => (
            <li key={check.metric} className="rounded-md border border-slate-100 p-3">
              <div className="flex flex-wrap items-center gap-2">
                <span className="text-sm font-medium text-slate-900">
                  {GUARDRAIL_LABELS[check.metric].label}
                </span>
                {check.breached ? (
                  <Badge tone="danger">breached</Badge>
                ) : check.sufficient === false ? (
                  <Badge tone="neutral">waiting for samples</Badge>
                ) : (
                  <Badge tone="success">within limit</Badge>
                )}
              </div>
              <p className="mt-1 text-sm text-slate-700">{check.reason}</p>
              <p className="mt-1 text-xs text-slate-500">
                wave {formatPercent(check.treatment)} · control {formatPercent(check.control)} · allowed{' '}
                {formatPoints(check.threshold)} worse · p ={' '}
                {check.pValue < 0.0001 ? '< 0.0001' : check.pValue.toFixed(4)}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-700">Verdict: {verdict.label}.</p>
      )}
    </Card>
  );
}
