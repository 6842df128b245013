import type { PrismaClient } from '@keten/db/client';

export type TName = { name: string; detail: string | null };
export type TResolver = (prisma: PrismaClient, ids: string[]) => Promise<[string, TName][]>;

const withChannel = { channel: { select: { name: true } } } as const;

/** Operators by id: the actors of entries and the entities of operator changes. */
export const operatorNames: TResolver = async (prisma, ids) =>
  (
    await prisma.operator.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, email: true },
    })
  ).map((o) => [o.id, { name: o.name, detail: o.email }]);

/** How each entity type is named from its row: one query per type on a page, never one per entry. */
export const RESOLVERS: Record<string, TResolver> = {
  Operator: operatorNames,
  Channel: async (prisma, ids) =>
    (
      await prisma.channel.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, lcn: true },
      })
    ).map((c) => [c.id, { name: c.name, detail: `channel ${c.lcn}` }]),
  ChannelSource: async (prisma, ids) =>
    (
      await prisma.channelSource.findMany({
        where: { id: { in: ids } },
        select: { id: true, priority: true, protocol: true, ...withChannel },
      })
    ).map((s) => [s.id, { name: `${s.channel.name} feed`, detail: `priority ${s.priority}, ${s.protocol}` }]),
  Subscriber: async (prisma, ids) =>
    (
      await prisma.subscriber.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, accountNumber: true },
      })
    ).map((s) => [s.id, { name: s.name, detail: s.accountNumber }]),
  Subscription: async (prisma, ids) =>
    (
      await prisma.subscription.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          package: { select: { name: true } },
          subscriber: { select: { name: true, accountNumber: true } },
        },
      })
    ).map((s) => [
      s.id,
      { name: `${s.package.name} for ${s.subscriber.name}`, detail: s.subscriber.accountNumber },
    ]),
  Device: async (prisma, ids) =>
    (
      await prisma.device.findMany({
        where: { id: { in: ids } },
        select: { id: true, serial: true, mac: true, subscriber: { select: { accountNumber: true } } },
      })
    ).map((d) => [d.id, { name: d.serial, detail: d.subscriber?.accountNumber ?? `in stock, ${d.mac}` }]),
  FeatureFlag: async (prisma, ids) =>
    (
      await prisma.featureFlag.findMany({
        where: { id: { in: ids } },
        select: { id: true, key: true, version: true },
      })
    ).map((f) => [f.id, { name: f.key, detail: `version ${f.version}` }]),
  Rail: async (prisma, ids) =>
    (
      await prisma.rail.findMany({
        where: { id: { in: ids } },
        select: { id: true, key: true, version: true },
      })
    ).map((r) => [r.id, { name: `rail ${r.key}`, detail: `version ${r.version}` }]),
  Cohort: async (prisma, ids) =>
    (
      await prisma.cohort.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, key: true },
      })
    ).map((c) => [c.id, { name: c.name, detail: c.key }]),
  FirmwareRollout: async (prisma, ids) =>
    (
      await prisma.firmwareRollout.findMany({
        where: { id: { in: ids } },
        select: {
          id: true,
          name: true,
          firmwareVersion: { select: { version: true, boxModel: { select: { code: true } } } },
        },
      })
    ).map((r) => [
      r.id,
      { name: r.name, detail: `${r.firmwareVersion.boxModel.code} ${r.firmwareVersion.version}` },
    ]),
  ConfigVersion: async (prisma, ids) =>
    (
      await prisma.configVersion.findMany({
        where: { version: { in: ids.map(Number).filter(Number.isInteger) } },
        select: { version: true },
      })
    ).map((c) => [String(c.version), { name: 'Central configuration', detail: `version ${c.version}` }]),
  AlertRule: async (prisma, ids) =>
    (
      await prisma.alertRule.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, metric: true },
      })
    ).map((r) => [r.id, { name: r.name, detail: `alert rule on ${r.metric}` }]),
  AlertEvent: async (prisma, ids) =>
    (
      await prisma.alertEvent.findMany({
        where: { id: { in: ids } },
        select: { id: true, message: true, rule: { select: { name: true } } },
      })
    ).map((e) => [e.id, { name: `${e.rule.name} alert`, detail: e.message }]),
  AlertWebhook: async (prisma, ids) =>
    (
      await prisma.alertWebhook.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true },
      })
    ).map((w) => [w.id, { name: w.name, detail: 'alert webhook' }]),
  CdnEdge: async (prisma, ids) =>
    (
      await prisma.cdnEdge.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, location: true },
      })
    ).map((e) => [e.id, { name: e.name, detail: e.location || 'CDN edge' }]),
  Package: async (prisma, ids) =>
    (
      await prisma.package.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, code: true },
      })
    ).map((p) => [p.id, { name: p.name, detail: p.code }]),
  EncodingProfile: async (prisma, ids) =>
    (
      await prisma.encodingProfile.findMany({
        where: { id: { in: ids } },
        select: { id: true, name: true, code: true },
      })
    ).map((p) => [p.id, { name: p.name, detail: p.code }]),
  BoxModel: async (prisma, ids) =>
    (
      await prisma.boxModel.findMany({
        where: { id: { in: ids } },
        select: { id: true, vendor: true, name: true, code: true },
      })
    ).map((m) => [m.id, { name: `${m.vendor} ${m.name}`, detail: m.code }]),
  FirmwareVersion: async (prisma, ids) =>
    (
      await prisma.firmwareVersion.findMany({
        where: { id: { in: ids } },
        select: { id: true, version: true, boxModel: { select: { vendor: true, name: true } } },
      })
    ).map((f) => [
      f.id,
      { name: `Firmware ${f.version}`, detail: `${f.boxModel.vendor} ${f.boxModel.name}` },
    ]),
  JobRecord: async (prisma, ids) =>
    (
      await prisma.jobRecord.findMany({
        where: { id: { in: ids } },
        select: { id: true, kind: true, channel: { select: { name: true } } },
      })
    ).map((j) => [j.id, { name: j.kind, detail: j.channel?.name ?? null }]),
  Programme: async (prisma, ids) =>
    (
      await prisma.programme.findMany({
        where: { id: { in: ids } },
        select: { id: true, title: true, ...withChannel },
      })
    ).map((p) => [p.id, { name: p.title, detail: p.channel.name }]),
  AvailabilityWindow: async (prisma, ids) =>
    (
      await prisma.availabilityWindow.findMany({
        where: { id: { in: ids } },
        select: { id: true, ...withChannel },
      })
    ).map((w) => [w.id, { name: `${w.channel.name} on-air window`, detail: null }]),
};
