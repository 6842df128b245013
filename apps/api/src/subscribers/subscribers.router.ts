import { router } from '../trpc/trpc';

export const subscribersRouter = router({});
