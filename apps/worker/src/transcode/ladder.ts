import type { TLadderInput } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';

/** The pinned, immutable ladder of a profile version, rungs highest quality first; null when it does not exist. */
export async function loadLadder(prisma: PrismaClient, versionId: string): Promise<TLadderInput | null> {
  const version = await prisma.encodingProfileVersion.findUnique({
    where: { id: versionId },
    include: { rungs: { orderBy: { ordinal: 'asc' } } },
  });
  if (!version) return null;
  return {
    segmentSeconds: version.segmentSeconds,
    audioCodec: version.audioCodec,
    audioBitrateKbps: version.audioBitrateKbps,
    audioChannels: version.audioChannels,
    rungs: version.rungs.map((rung) => ({
      codec: rung.codec,
      profile: rung.profile,
      level: rung.level,
      width: rung.width,
      height: rung.height,
      fps: rung.fps,
      bitrateKbps: rung.bitrateKbps,
      maxrateKbps: rung.maxrateKbps,
      bufsizeKbps: rung.bufsizeKbps,
      gopSeconds: rung.gopSeconds,
    })),
  };
}
