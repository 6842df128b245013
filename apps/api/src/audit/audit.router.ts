import { operatorProcedure, router } from '../trpc/trpc';
import { listAuditEntries } from './audit.query';
import { ZAuditListSchema } from './audit.schema';

export const auditRouter = router({
  list: operatorProcedure()
    .input(ZAuditListSchema)
    .query(({ ctx, input }) => listAuditEntries(ctx.prisma, input)),
});
