// The console validates with the same schemas, so they live in @keten/contracts; this file names them for the API.
import type {
  ZQoeBreakdownInputSchema,
  ZQoeRangeInputSchema,
  ZQoeRankingInputSchema,
  ZQoeSessionsInputSchema,
} from '@keten/contracts';
import type { z } from 'zod';

export {
  ZQoeBreakdownInputSchema,
  ZQoeChannelNamesInputSchema,
  ZQoeFirmwareModelsInputSchema,
  ZQoeRangeInputSchema,
  ZQoeRankingInputSchema,
  ZQoeSessionsInputSchema,
} from '@keten/contracts';

export type TQoeRange = z.output<typeof ZQoeRangeInputSchema>;
export type TQoeBreakdown = z.output<typeof ZQoeBreakdownInputSchema>;
export type TQoeRanking = z.output<typeof ZQoeRankingInputSchema>;
export type TQoeSessions = z.output<typeof ZQoeSessionsInputSchema>;
