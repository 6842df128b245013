import { alertsRouter } from '../alerts/alerts.router';
import { auditRouter } from '../audit/audit.router';
import { meRouter } from '../auth/me.router';
import { channelsRouter } from '../channels/channels.router';
import { deliveryRouter } from '../delivery/delivery.router';
import { firmwareRouter } from '../firmware/firmware.router';
import { cohortsRouter, configRouter, flagsRouter, railsRouter } from '../flags/flags.router';
import { homeRouter } from '../home/home.router';
import { jobsRouter } from '../jobs/jobs.router';
import { operatorsRouter } from '../operators/operators.router';
import { packagesRouter } from '../packages/packages.router';
import { profilesRouter } from '../profiles/profiles.router';
import { qoeRouter } from '../qoe/qoe.router';
import { rolloutsRouter } from '../rollouts/rollouts.router';
import { scheduleRouter } from '../schedule/schedule.router';
import { steeringRouter } from '../steering/steering.router';
import { subscribersRouter } from '../subscribers/subscribers.router';
import { router } from './trpc';

export const appRouter = router({
  me: meRouter,
  home: homeRouter,
  operators: operatorsRouter,
  audit: auditRouter,
  channels: channelsRouter,
  schedule: scheduleRouter,
  profiles: profilesRouter,
  packages: packagesRouter,
  subscribers: subscribersRouter,
  jobs: jobsRouter,
  qoe: qoeRouter,
  delivery: deliveryRouter,
  alerts: alertsRouter,
  steering: steeringRouter,
  flags: flagsRouter,
  cohorts: cohortsRouter,
  config: configRouter,
  firmware: firmwareRouter,
  rollouts: rolloutsRouter,
  rails: railsRouter,
});

/** The console imports this type, and nothing else, from apps/api. */
export type AppRouter = typeof appRouter;
