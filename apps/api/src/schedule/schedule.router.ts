import { router } from '../trpc/trpc';

export const scheduleRouter = router({});
