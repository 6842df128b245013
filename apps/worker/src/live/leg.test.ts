import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_QC_SETTINGS } from '@keten/contracts';
import { describe, expect, it } from 'vitest';
import { smallLadder, testFfmpeg } from '../../test/support/live';
import { LiveLeg, redact } from './leg';

describe('redact', () => {
  it('keeps feed URLs and their credentials out of stored reasons', () => {
    const url = 'http://ingest:s3cret@feeds.example.nl/npo1.ts';
    expect(redact(`${url}: Connection refused`, url)).toBe('<feed>: Connection refused');
    expect(redact('srt://user:pw@10.0.0.1:9000: timed out', url)).toBe('srt://***@10.0.0.1:9000: timed out');
  });
});

describe('LiveLeg', () => {
  it('survives a staging folder it cannot create: the source is down with the reason, the worker lives on', async () => {
    const root = mkdtempSync(join(tmpdir(), 'keten-leg-'));
    const blocker = join(root, 'not-a-folder');
    writeFileSync(blocker, 'a file where a folder should be');
    const states: string[] = [];
    const leg = new LiveLeg({
      source: { id: 'feed', url: 'http://127.0.0.1:9/stream.ts', priority: 1 },
      ladder: smallLadder(),
      dir: join(blocker, 'leg'),
      ffmpeg: testFfmpeg(),
      qc: DEFAULT_QC_SETTINGS,
      preset: 'ultrafast',
      stallSeconds: 1,
      startupSeconds: 5,
      retrySeconds: 0.5,
      windowSegments: 6,
      onState: (_leg, state) => void states.push(state),
      onQc: () => undefined,
    });
    leg.start();
    for (let i = 0; i < 50 && leg.state !== 'down'; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await leg.stop();
    rmSync(root, { recursive: true, force: true });
    expect(states).toContain('down');
    expect(leg.lastError).toMatch(/could not start the encoder: .*ENOTDIR/);
  });
});
