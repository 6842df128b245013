import type { PrismaClient } from '@keten/db/client';
import { applyDueChanges } from './flags.service';

export interface TFlagScheduler {
  close(): Promise<void>;
}

/**
 * Applies scheduled flag changes when due: one indexed query a tick (state, at). A change fires within one
 * tick of its time; a tick that fails is logged and the next one tries again.
 */
export function startFlagScheduler(
  prisma: PrismaClient,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): TFlagScheduler {
  const intervalMs = options.intervalMs ?? 1000;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const timer = setInterval(() => {
    // A slow tick is not stacked on: the next one starts after it.
    if (stopped || running) return;
    running = applyDueChanges(prisma)
      .catch((error) => options.onError?.(error))
      .finally(() => {
        running = null;
      });
  }, intervalMs);
  timer.unref();
  return {
    async close() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
