import { zId } from '@keten/contracts';
import { z } from 'zod';

// The ladder and box model schemas live in @keten/contracts: the console validates with the same ones.
export {
  ZBoxModelCapabilitySchema,
  ZProfileCreateSchema,
  ZProfilePinSchema,
  ZProfileRollbackSchema,
  ZProfileSaveSchema,
} from '@keten/contracts';

export const ZProfileGetSchema = z.object({ id: zId() });
