// The console validates with the same schemas, so they live in @keten/contracts; this file names them for the API.
export {
  ZCdnEdgeCreateSchema,
  ZCdnEdgeIdSchema,
  ZDeliveryViewInputSchema,
  ZSharingSignalsInputSchema,
} from '@keten/contracts';
