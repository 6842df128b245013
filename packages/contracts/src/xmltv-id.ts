/**
 * XMLTV channel ids in the DTD's recommended form (RFC 2838 style, "npo-1.tv.example.net"), as
 * xmltv-util's tv_validate_file checks them. The same id is the M3U's tvg-id, so players match the two.
 */
export const XMLTV_CHANNEL_ID = /^[-a-zA-Z0-9]+(\.[-a-zA-Z0-9]+)+$/;
/** A DNS-style domain of dot-separated labels: letters, digits and dashes. */
export const XMLTV_ID_DOMAIN =
  /^[a-zA-Z0-9](?:[-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9](?:[-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*$/;
export const DEFAULT_XMLTV_ID_DOMAIN = 'keten.tv';

/** A channel's XMLTV id: its slug (already [a-z0-9-]) under the operator's domain. */
export function xmltvChannelId(slug: string, domain: string = DEFAULT_XMLTV_ID_DOMAIN): string {
  return `${slug}.${domain}`;
}
