import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Random } from './random';

/** Short label for a logo tile: short names as they are ("NPO 1", "SBS6"), longer ones as initials ("Omroep Brabant" → "OB"). */
export function logoLabel(name: string): string {
  if (name.length <= 6) return name;
  const words = name.split(/[\s-]+/).filter(Boolean);
  const initials = words.map((word) => (/^\d+$/.test(word) ? word : word[0])).join('');
  return initials.toUpperCase().slice(0, 4);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function logoSvg(slug: string, name: string): string {
  const hue = new Random(`logo:${slug}`).int(0, 359);
  const label = logoLabel(name);
  const fontSize = label.length <= 2 ? 104 : label.length <= 4 ? 72 : 54;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">',
    `<title>${escapeXml(name)}</title>`,
    `<rect width="256" height="256" rx="40" fill="hsl(${hue} 62% 38%)"/>`,
    `<text x="128" y="128" dy="0.35em" text-anchor="middle" font-family="Inter, Helvetica, Arial, sans-serif" font-weight="700" font-size="${fontSize}" fill="#fff">${escapeXml(label)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

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
    const svg = logoSvg(channel.slug, channel.name);
    const existing = await readFile(file, 'utf8').catch(() => null);
    if (existing !== svg) await writeFile(file, svg);
    paths.set(channel.slug, `logos/${channel.slug}.svg`);
  }
  return paths;
}
