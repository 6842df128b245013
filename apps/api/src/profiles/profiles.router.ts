import { router } from '../trpc/trpc';

export const profilesRouter = router({});
