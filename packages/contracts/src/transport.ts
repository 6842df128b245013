/** Calls one tRPC HTTP request may batch: apps/api refuses more, the console's link never sends more. */
export const TRPC_MAX_BATCH_SIZE = 50;
