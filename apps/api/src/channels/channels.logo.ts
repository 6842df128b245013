import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOGO_MAX_BYTES } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { recordAudit, type TActor } from '../audit/audit.service';
import { KetenError } from '../lib/errors';
import type { TChannelLogo } from './channels.schema';
import { auditSnapshot, loadChannel, toChannelView } from './channels.snapshot';

interface TImageType {
  ext: 'png' | 'jpg' | 'webp' | 'svg';
  contentType: string;
}

export const LOGO_TYPES: Record<TImageType['ext'], string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  svg: 'image/svg+xml',
};

const startsWith = (bytes: Buffer, signature: number[], offset = 0) =>
  signature.every((byte, index) => bytes[offset + index] === byte);

/** The image type by the file's own first bytes; the declared type and the name are never trusted. */
export function sniffImage(bytes: Buffer): TImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { ext: 'png', contentType: LOGO_TYPES.png };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ext: 'jpg', contentType: LOGO_TYPES.jpg };
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return { ext: 'webp', contentType: LOGO_TYPES.webp };
  }
  const head = bytes
    .subarray(0, 1024)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head)) {
    return { ext: 'svg', contentType: LOGO_TYPES.svg };
  }
  return null;
}

// An SVG is a document: scripts or event handlers in a logo would run wherever it is opened.
function svgIsActive(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  return /<script|<foreignObject|\son[a-z]+\s*=|javascript:/i.test(text);
}

function decodeBase64(logo: string): Buffer {
  const clean = logo.replace(/^data:[^,]*,/, '').replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean))
    throw new KetenError('INVALID_INPUT', 'The file did not arrive intact; choose it again.', 'logo');
  return Buffer.from(clean, 'base64');
}

/** Checks and stores a logo under <mediaRoot>/logos/, then points the channel at it (one audit entry). */
export async function setChannelLogo(
  prisma: PrismaClient,
  mediaRoot: string,
  actor: TActor,
  input: TChannelLogo,
) {
  const bytes = decodeBase64(input.logo);
  if (bytes.length > LOGO_MAX_BYTES) {
    throw new KetenError(
      'INVALID_INPUT',
      `The logo is ${Math.ceil(bytes.length / 1024)} KB; the limit is 256 KB.`,
      'logo',
    );
  }
  const type = sniffImage(bytes);
  if (!type)
    throw new KetenError('INVALID_INPUT', 'The logo must be a PNG, SVG, JPEG or WebP image.', 'logo');
  if (input.contentType && input.contentType !== type.contentType) {
    throw new KetenError(
      'INVALID_INPUT',
      `The file says it is ${input.contentType} but its content is ${type.contentType}.`,
      'logo',
    );
  }
  if (type.ext === 'svg' && svgIsActive(bytes)) {
    throw new KetenError(
      'INVALID_INPUT',
      'The SVG contains scripts or event handlers; export it as a plain image.',
      'logo',
    );
  }
  const channel = await loadChannel(prisma, input.id);
  // Content-addressed name: a new logo gets a new URL, so no cache ever shows the old one.
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
  const logoPath = `logos/${channel.slug}-${hash}.${type.ext}`;
  await mkdir(join(mediaRoot, 'logos'), { recursive: true });
  // Written before the transaction: a failed save leaves an unused file, never a channel pointing at nothing.
  await writeFile(join(mediaRoot, logoPath), bytes);
  return prisma.$transaction(async (tx) => {
    const before = await loadChannel(tx, input.id);
    await tx.channel.update({ where: { id: input.id }, data: { logoPath } });
    const after = await loadChannel(tx, input.id);
    await recordAudit(tx, actor, {
      action: 'channel.logo',
      entityType: 'Channel',
      entityId: input.id,
      before: auditSnapshot(before),
      after: auditSnapshot(after),
    });
    return toChannelView(after);
  });
}
