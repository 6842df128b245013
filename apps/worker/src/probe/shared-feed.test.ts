import { describe, expect, it } from 'vitest';
import { feedAllowsSecondReader } from './shared-feed';

describe('feedAllowsSecondReader', () => {
  it.each([
    ['http://127.0.0.1:7700/stream.ts', true],
    ['https://feeds.example.nl/channel/index.m3u8', true],
    ['udp://@239.1.1.1:5000', true],
    ['rtp://239.1.1.2:5004', true],
    ['srt://ingest.example.nl:9000?mode=caller', true],
    ['rtmp://ingest.example.nl/live/stream', true],
    // A unicast port is bound by the encoder: a probe there would steal its packets.
    ['udp://127.0.0.1:5000', false],
    ['rtp://10.0.0.5:5004', false],
    ['srt://0.0.0.0:9000?mode=listener', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(feedAllowsSecondReader(url)).toBe(expected);
  });
});
