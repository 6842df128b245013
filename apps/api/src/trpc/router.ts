import { auditRouter } from '../audit/audit.router';
import { meRouter } from '../auth/me.router';
import { homeRouter } from '../home/home.router';
import { operatorsRouter } from '../operators/operators.router';
import { router } from './trpc';

export const appRouter = router({
  me: meRouter,
  home: homeRouter,
  operators: operatorsRouter,
  audit: auditRouter,
});

/** The console imports this type, and nothing else, from apps/api. */
export type AppRouter = typeof appRouter;
