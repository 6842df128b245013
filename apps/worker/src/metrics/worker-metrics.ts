import type { Worker } from 'bullmq';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { TEventSink } from '../events/ingest-events';

/** What the live ingest reports (live.processor → LiveChannel → LiveLeg); every hook optional there. */
export interface TLiveMetrics {
  /** A channel starts running here; the returned function is called when it stops. */
  track(channel: { status(): { onAirSourceId: string | null } }): () => void;
  /** A live encoder started again after it ended (its feed lost, ffmpeg exited or hung). */
  encoderRestarted(): void;
}

// Node's process metrics once per process: each call starts its own monitors.
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/**
 * apps/worker's Prometheus metrics: live channels running and on air, failovers and returns, live encoder
 * restarts, jobs finished per queue and outcome, the findings sent to the api, and Node's process metrics.
 * Queue depths are apps/api's (README "Metrics"): it sees them even when no worker runs.
 */
export function createWorkerMetrics() {
  const registry = new Registry();
  const channels = new Set<{ status(): { onAirSourceId: string | null } }>();

  new Gauge({
    name: 'keten_live_channels',
    help: 'Live channels this worker runs (state="running") and those of them with a source on air (state="on_air").',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const onAir = [...channels].filter((channel) => channel.status().onAirSourceId !== null).length;
      this.set({ state: 'running' }, channels.size);
      this.set({ state: 'on_air' }, onAir);
    },
  });
  const switches = new Counter({
    name: 'keten_live_switches_total',
    help: 'On-air source switches: failover (away from a failing source) and return (back to the primary).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const restarts = new Counter({
    name: 'keten_ffmpeg_restarts_total',
    help: 'Live encoders (ffmpeg) started again after they ended: a lost feed, an exit or a hang.',
    labelNames: ['role'] as const,
    registers: [registry],
  });
  const findings = new Counter({
    name: 'keten_ingest_events_total',
    help: 'Ingest, QC and probe events sent to apps/api, by kind (each event once, at its start).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'keten_worker_jobs_total',
    help: 'Jobs this worker finished, by queue and outcome (failed counts every failed attempt).',
    labelNames: ['queue', 'outcome'] as const,
    registers: [registry],
  });
  for (const kind of ['failover', 'return']) switches.inc({ kind }, 0);
  restarts.inc({ role: 'live' }, 0);

  const live: TLiveMetrics = {
    track(channel) {
      channels.add(channel);
      return () => channels.delete(channel);
    },
    encoderRestarted: () => restarts.inc({ role: 'live' }),
  };

  return {
    registry,
    contentType: registry.contentType,
    live,
    /** The exposition: this worker's metrics and the process's. */
    text: () => Registry.merge([processMetrics(), registry]).metrics(),
    /** The event sink, counting what goes through it (switches, findings). */
    countingSink(sink: TEventSink): TEventSink {
      return {
        emit(event) {
          if (!event.endedAt) {
            findings.inc({ kind: event.kind });
            if (event.kind === 'failover' || event.kind === 'return') switches.inc({ kind: event.kind });
          }
          return sink.emit(event);
        },
        close: () => sink.close(),
      };
    },
    /** Counts each worker's finished jobs. */
    watch(workers: readonly Worker[]) {
      for (const worker of workers) {
        worker.on('completed', () => jobs.inc({ queue: worker.name, outcome: 'completed' }));
        worker.on('failed', () => jobs.inc({ queue: worker.name, outcome: 'failed' }));
      }
    },
  };
}

export type TWorkerMetrics = ReturnType<typeof createWorkerMetrics>;
