// The tile drawn for a channel without a logo of its own (the demo seed's logos, the M3U's tvg-logo fallback).

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

/** The tile's colour (0–359), fixed by the slug (FNV-1a), so a channel keeps its colour everywhere. */
export function logoHue(slug: string): number {
  let hash = 0x811c9dc5;
  for (const char of `logo:${slug}`) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return hash % 360;
}

/** A 256×256 SVG tile: the name's label in white on a square coloured by the slug. */
export function channelLogoSvg(slug: string, name: string): string {
  const hue = logoHue(slug);
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
