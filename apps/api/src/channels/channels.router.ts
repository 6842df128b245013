import { router } from '../trpc/trpc';

export const channelsRouter = router({});
