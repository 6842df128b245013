import { describe, expect, it } from 'vitest';
import { signPlaylist } from './playlist-rewrite';

const Q = 'kid=k&exp=1&dev=d&sig=s';

describe('signPlaylist', () => {
  it('appends the signature to relative URI lines and URI attributes, leaving absolute ones and tags alone', () => {
    const fmp4 = [
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-MAP:URI="init.mp4"',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="nl",URI="audio/index.m3u8"',
      '#EXTINF:2.000,',
      'seg_00001.m4s',
      '#EXTINF:2.000,',
      'seg_00002.m4s?v=2',
      'https://cdn.example/other.m4s',
      '/media/live/x/abs.m4s',
      '',
    ].join('\n');
    expect(signPlaylist(fmp4, Q).split('\n')).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      `#EXT-X-MAP:URI="init.mp4?${Q}"`,
      `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="nl",URI="audio/index.m3u8?${Q}"`,
      '#EXTINF:2.000,',
      `seg_00001.m4s?${Q}`,
      '#EXTINF:2.000,',
      `seg_00002.m4s?v=2&${Q}`,
      'https://cdn.example/other.m4s',
      '/media/live/x/abs.m4s',
      '',
    ]);
  });
});
