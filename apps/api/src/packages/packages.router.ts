import { router } from '../trpc/trpc';

export const packagesRouter = router({});
