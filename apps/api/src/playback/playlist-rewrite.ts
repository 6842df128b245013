// HLS resolves relative URIs against the playlist URL without its query, so each URI gets the signature appended.
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const URI_ATTRIBUTE = /URI="([^"]*)"/g;

const withQuery = (uri: string, query: string) =>
  SCHEME.test(uri) || uri.startsWith('/') ? uri : `${uri}${uri.includes('?') ? '&' : '?'}${query}`;

/** Appends `query` to every relative URI line and URI="…" attribute (EXT-X-MAP, EXT-X-MEDIA, EXT-X-KEY). */
export function signPlaylist(text: string, query: string): string {
  return text
    .split('\n')
    .map((line) => {
      const trimmed = line.trim();
      if (trimmed === '') return line;
      if (trimmed.startsWith('#'))
        return line.replace(URI_ATTRIBUTE, (_m, uri: string) => `URI="${withQuery(uri, query)}"`);
      return withQuery(trimmed, query);
    })
    .join('\n');
}
