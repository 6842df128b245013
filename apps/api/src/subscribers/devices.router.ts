import { issuePlayerUrls } from '../players/player-urls.service';
import { operatorProcedure, router } from '../trpc/trpc';
import {
  assignDevice,
  getDevice,
  issueActivationCode,
  listDevices,
  revokeDeviceToken,
} from './devices.service';
import { ZDeviceAssignSchema, ZDeviceIdSchema, ZDeviceListSchema } from './subscribers.schema';

// Product managers read boxes (model, firmware, app version) to plan flags and firmware; they change none.
const fleetRead = operatorProcedure('SUPPORT', 'NOC', 'PRODUCT');
const write = operatorProcedure('SUPPORT');

export const devicesRouter = router({
  list: fleetRead.input(ZDeviceListSchema).query(({ ctx, input }) => listDevices(ctx.prisma, input)),
  get: fleetRead.input(ZDeviceIdSchema).query(({ ctx, input }) => getDevice(ctx.prisma, input)),
  assign: write.input(ZDeviceAssignSchema).mutation(({ ctx, input }) => assignDevice(ctx, ctx.actor, input)),
  issueActivationCode: write
    .input(ZDeviceIdSchema)
    .mutation(({ ctx, input }) => issueActivationCode(ctx.prisma, ctx.actor, input)),
  revokeToken: write
    .input(ZDeviceIdSchema)
    .mutation(({ ctx, input }) => revokeDeviceToken(ctx, ctx.actor, input)),
  /** New M3U + EPG URLs for players (VLC, Kodi, TiviMate, mpv); the previous ones stop at once. */
  issuePlayerUrls: write
    .input(ZDeviceIdSchema)
    .mutation(({ ctx, input }) => issuePlayerUrls(ctx, ctx.actor, input)),
});
