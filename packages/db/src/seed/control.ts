import type { Prisma } from '../generated/prisma/client';
import type { SeedContext } from './context';
import { firmwareId } from './lineup';
import { seedId } from './random';

const cohortId = (name: string) => seedId('cohort', name);

/** A little product and NOC state so the console has something to show: cohorts, flags, a running rollout, alert rules. */
export async function seedControl(ctx: SeedContext): Promise<Record<string, number>> {
  const { prisma } = ctx;
  const cohorts: Prisma.CohortCreateManyInput[] = [
    {
      id: cohortId('Alle Kaon KSTB6077'),
      key: 'all-kaon',
      name: 'Alle Kaon KSTB6077',
      description: 'Every Kaon box in the field.',
      rule: { boxModels: ['kaon-kstb6077'] },
    },
    {
      id: cohortId('Kaon in Utrecht'),
      key: 'kaon-utrecht',
      name: 'Kaon in Utrecht',
      description: 'Pilot region for new Kaon software.',
      rule: { boxModels: ['kaon-kstb6077'], regions: ['Utrecht'] },
    },
    {
      id: cohortId('5% van alle boxen'),
      key: 'sample-2026',
      name: '5% van alle boxen',
      description: 'Stable random sample across models.',
      rule: { percent: 5 },
    },
  ];
  // Definitions as @keten/flags ZFlagDefinitionSchema reads them; each flag's history starts at version 1.
  const onOff = (
    rules: { id: string; cohortId: string; percent: number; variant: string }[],
    killed = false,
  ) => ({
    type: 'boolean',
    variants: [
      { key: 'on', value: true },
      { key: 'off', value: false },
    ],
    defaultVariant: 'off',
    offVariant: 'off',
    killed,
    rules,
  });
  const flags: Prisma.FeatureFlagCreateManyInput[] = [
    {
      id: seedId('flag', 'epg-grid-v2'),
      key: 'epg-grid-v2',
      description: 'New EPG grid with seven-day scroll.',
      definition: onOff([
        { id: 'utrecht-pilot', cohortId: cohortId('Kaon in Utrecht'), percent: 100, variant: 'on' },
      ]),
    },
    {
      id: seedId('flag', 'zap-preload'),
      key: 'zap-preload',
      description: 'Preload the next and previous channel to cut zap time.',
      definition: onOff([
        { id: 'sample', cohortId: cohortId('5% van alle boxen'), percent: 100, variant: 'on' },
      ]),
    },
    {
      id: seedId('flag', 'low-latency-hls'),
      key: 'low-latency-hls',
      description: 'LL-HLS playback for sports channels.',
      definition: onOff([], true),
    },
  ];
  const flagVersions: Prisma.FeatureFlagVersionCreateManyInput[] = flags.map((flag) => ({
    id: seedId('flag-version', `${flag.key}:1`),
    flagId: flag.id!,
    version: 1,
    definition: flag.definition,
    note: 'Demo data',
    actorEmail: 'system:seed',
  }));
  const rolloutId = seedId('rollout', 'kaon-2.0.0');
  const rollouts: Prisma.FirmwareRolloutCreateManyInput[] = [
    {
      id: rolloutId,
      name: 'Kaon KSTB6077 firmware 2.0.0',
      firmwareVersionId: firmwareId('kaon-kstb6077', '2.0.0'),
      rollbackFirmwareVersionId: firmwareId('kaon-kstb6077', '1.9.0'),
      cohortId: cohortId('Alle Kaon KSTB6077'),
      state: 'RUNNING',
      // ZRolloutGuardrailsSchema (@keten/contracts rollouts): allowed worsening of the wave against its control.
      guardrails: {
        maxVsfDelta: 0.01,
        maxVpfDelta: 0.01,
        maxRebufferingRatioDelta: 0.005,
        maxErrorRateDelta: 0.02,
        minAttempts: 500,
      },
      createdAt: ctx.daysAgo(5),
      startedAt: ctx.daysAgo(3),
    },
  ];
  const waves: Prisma.RolloutWaveCreateManyInput[] = [
    {
      ordinal: 1,
      percent: 1,
      soakMinutes: 24 * 60,
      state: 'COMPLETED' as const,
      startedAt: ctx.daysAgo(3),
      finishedAt: ctx.daysAgo(2),
    },
    {
      ordinal: 2,
      percent: 10,
      soakMinutes: 24 * 60,
      state: 'RUNNING' as const,
      startedAt: ctx.daysAgo(2),
      finishedAt: null,
    },
    {
      ordinal: 3,
      percent: 50,
      soakMinutes: 12 * 60,
      state: 'PENDING' as const,
      startedAt: null,
      finishedAt: null,
    },
    {
      ordinal: 4,
      percent: 100,
      soakMinutes: 0,
      state: 'PENDING' as const,
      startedAt: null,
      finishedAt: null,
    },
  ].map((wave) => ({ id: seedId('wave', `kaon-2.0.0:${wave.ordinal}`), rolloutId, ...wave }));
  // The demo rollout's timeline so far (apps/api/src/rollouts/README.md): created, started, wave 1 passed, wave 2 on.
  const product = 'system:seed';
  const rolloutEvents: Prisma.RolloutEventCreateManyInput[] = [
    {
      kind: 'CREATED' as const,
      at: ctx.daysAgo(5),
      fromState: null,
      toState: 'DRAFT' as const,
      waveOrdinal: null,
    },
    {
      kind: 'STARTED' as const,
      at: ctx.daysAgo(3),
      fromState: 'DRAFT' as const,
      toState: 'RUNNING' as const,
      waveOrdinal: 1,
    },
    {
      kind: 'WAVE_COMPLETED' as const,
      at: ctx.daysAgo(2),
      fromState: 'RUNNING' as const,
      toState: 'RUNNING' as const,
      waveOrdinal: 1,
    },
    {
      kind: 'WAVE_STARTED' as const,
      at: new Date(ctx.daysAgo(2).getTime() + 1),
      fromState: 'RUNNING' as const,
      toState: 'RUNNING' as const,
      waveOrdinal: 2,
      reason: 'Wave 1 soaked 1440 min with passing guardrails.',
    },
  ].map((event) => ({
    id: seedId('rollout-event', `kaon-2.0.0:${event.kind}`),
    rolloutId,
    actorEmail: event.kind === 'CREATED' || event.kind === 'STARTED' ? product : 'system:rollout-engine',
    ...event,
  }));
  // Demo rules (apps/api/src/alerts/README.md). The two Kaon rules fire on the demo fleet's worse firmware
  // (kaon-kstb6077@2.0.0 starts 800 ms slower and stalls 3× as often, 1.5× as long; alerts.demo.test.ts), at levels
  // measured on the 200-box fleet at 02, 11 and 20 h UTC over an hour: 2.0.0 reads 0.8–1.5 % rebuffering and a VST p50
  // of 1,540–1,930 ms on 11–29 plays; 1.8.2 and 1.9.0 ≤ 0.2 % and ≤ 920 ms once they have 8 plays (below 8, one read
  // 0.5 % and another 1,370 ms: hence the minimum). Fleet-wide per firmware a model with 14 plays read 0.6 %: hence the
  // Kaon filter, as the rollout is Kaon's. In the small hours 2.0.0 can drop below 8 plays an hour: quiet then.
  // Start failures per region (the sim's Limburg has 6×) needs more attempts than 200 boxes make in an hour (a
  // healthy region read 6.5 % on 31): a real fleet's level, quiet here.
  const alertRules: Prisma.AlertRuleCreateManyInput[] = [
    {
      name: 'Slow starts on Kaon firmware',
      source: 'QOE' as const,
      metric: 'videoStartTimeP50',
      comparator: 'GT' as const,
      threshold: 1200,
      clearThreshold: 1000,
      windowSeconds: 3600,
      forSeconds: 120,
      minSamples: 8,
      filters: { boxModel: ['kaon-kstb6077'] },
      groupBy: 'firmware',
      severity: 'CRITICAL' as const,
    },
    {
      name: 'Rebuffering on Kaon firmware',
      source: 'QOE' as const,
      metric: 'rebufferingRatio',
      comparator: 'GT' as const,
      threshold: 0.003,
      clearThreshold: 0.0022,
      windowSeconds: 3600,
      forSeconds: 120,
      minSamples: 8,
      filters: { boxModel: ['kaon-kstb6077'] },
      groupBy: 'firmware',
      severity: 'WARNING' as const,
    },
    {
      name: 'Start failures per region',
      source: 'QOE' as const,
      metric: 'vsfRate',
      comparator: 'GT' as const,
      threshold: 0.05,
      clearThreshold: 0.03,
      windowSeconds: 3600,
      forSeconds: 120,
      minSamples: 100,
      groupBy: 'region',
      severity: 'CRITICAL' as const,
    },
    {
      name: 'Feed down',
      source: 'INGEST' as const,
      metric: 'feedDownSeconds',
      comparator: 'GT' as const,
      threshold: 30,
      windowSeconds: 60,
      groupBy: 'channelId',
      severity: 'CRITICAL' as const,
    },
    {
      name: 'Failovers per hour',
      source: 'INGEST' as const,
      metric: 'failoversPerHour',
      comparator: 'GTE' as const,
      threshold: 4,
      clearThreshold: 1,
      windowSeconds: 3600,
      groupBy: 'channelId',
      severity: 'WARNING' as const,
    },
    {
      name: 'Beacon spool behind',
      source: 'PLATFORM' as const,
      metric: 'beaconSpoolAgeSeconds',
      comparator: 'GT' as const,
      threshold: 60,
      windowSeconds: 60,
      forSeconds: 60,
      groupBy: 'instance',
      severity: 'CRITICAL' as const,
    },
    {
      name: 'Live ingest worker gone',
      source: 'PLATFORM' as const,
      metric: 'workers',
      comparator: 'LT' as const,
      threshold: 1,
      windowSeconds: 60,
      forSeconds: 60,
      filters: { queue: ['live'] },
      groupBy: 'queue',
      severity: 'CRITICAL' as const,
    },
    {
      name: 'Transcode queue backing up',
      source: 'PLATFORM' as const,
      metric: 'queueDepth',
      comparator: 'GT' as const,
      threshold: 20,
      clearThreshold: 5,
      windowSeconds: 60,
      forSeconds: 300,
      filters: { queue: ['transcode'] },
      groupBy: 'queue',
      severity: 'WARNING' as const,
    },
  ].map((rule) => ({ id: seedId('alert-rule', rule.name), ...rule }));

  const result: Record<string, number> = {
    cohorts: (await prisma.cohort.createMany({ data: cohorts, skipDuplicates: true })).count,
    'feature flags': (await prisma.featureFlag.createMany({ data: flags, skipDuplicates: true })).count,
    'flag versions': (
      await prisma.featureFlagVersion.createMany({ data: flagVersions, skipDuplicates: true })
    ).count,
    rollouts: (await prisma.firmwareRollout.createMany({ data: rollouts, skipDuplicates: true })).count,
    'rollout waves': (await prisma.rolloutWave.createMany({ data: waves, skipDuplicates: true })).count,
    'rollout events': (await prisma.rolloutEvent.createMany({ data: rolloutEvents, skipDuplicates: true }))
      .count,
    'alert rules': (await prisma.alertRule.createMany({ data: alertRules, skipDuplicates: true })).count,
  };
  ctx.log(`seed: cohorts, flags, rollouts, alert rules done`);
  return result;
}
