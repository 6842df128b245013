import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { channelLogoSvg } from '@keten/contracts';

/** Write `<mediaRoot>/logos/<slug>.svg` for each channel, touching only files whose content differs. Returns logoPath per slug. */
export async function writeLogos(
  mediaRoot: string,
  channels: { slug: string; name: string }[],
): Promise<Map<string, string>> {
  const dir = join(mediaRoot, 'logos');
  await mkdir(dir, { recursive: true });
  const paths = new Map<string, string>();
  for (const channel of channels) {
    const file = join(dir, `${channel.slug}.svg`);
    const svg = channelLogoSvg(channel.slug, channel.name);
    const existing = await readFile(file, 'utf8').catch(() => null);
    if (existing !== svg) await writeFile(file, svg);
    paths.set(channel.slug, `logos/${channel.slug}.svg`);
  }
  return paths;
}
