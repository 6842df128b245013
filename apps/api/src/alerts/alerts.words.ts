/** How alert messages name a group's dimensions: "firmware 2.0.0, region Limburg", a channel by number and name. */
const DIMENSION_WORDS: Record<string, string> = {
  boxModel: 'box model',
  firmware: 'firmware',
  appVersion: 'app',
  channelId: 'channel',
  region: 'region',
  cdnEdge: 'edge',
  queue: 'queue',
  instance: 'instance',
};

export type TChannelNames = ReadonlyMap<string, { name: string; lcn: number }>;

export function dimensionText(
  dimensions: Record<string, string>,
  channels: TChannelNames = new Map(),
): string {
  return Object.entries(dimensions)
    .map(([key, value]) => {
      const channel = key === 'channelId' ? channels.get(value) : undefined;
      return channel ? `channel ${channel.lcn} ${channel.name}` : `${DIMENSION_WORDS[key] ?? key} ${value}`;
    })
    .join(', ');
}
