import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LivePublisher } from './publisher';
import type { TStagedSegment } from './staging';

let root: string;
let staging: string;
let made = 0;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'keten-publisher-'));
  staging = join(root, 'staging');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A staged segment with a file per rung (content is irrelevant to the publisher). */
async function staged(rungs: number, duration = 2): Promise<TStagedSegment> {
  const index = made++;
  const files: string[] = [];
  for (let n = 0; n < rungs; n++) {
    await mkdir(join(staging, `v${n}`), { recursive: true });
    const file = join(staging, `v${n}`, `segment_${index}.ts`);
    await writeFile(file, `segment ${index} rung ${n}`);
    files.push(file);
  }
  return { index, duration, files };
}

const playlistOf = (dir: string, rung = 0) => readFile(join(dir, 'live', `v${rung}`, 'index.m3u8'), 'utf8');
const listed = (text: string) => [...text.matchAll(/^(\d+)\.ts$/gm)].map((m) => Number(m[1]));
const publisher = (rungs = 1, window = 3) => new LivePublisher(join(root, 'live'), rungs, window, 2);

describe('LivePublisher', () => {
  it('keeps one target duration, whatever a segment lasts, and lists a long one at the target', async () => {
    const p = publisher();
    await p.open();
    await p.publish(await staged(1, 2), false);
    await p.publish(await staged(1, 4.7), false);
    const text = await playlistOf(root);
    expect(text).toContain('#EXT-X-TARGETDURATION:3');
    expect(text).toContain('#EXTINF:3.000000,');
    for (let n = 0; n < 4; n++) await p.publish(await staged(1, 2), false);
    expect(await playlistOf(root)).toContain('#EXT-X-TARGETDURATION:3');
  });

  it('counts the discontinuities that leave the window', async () => {
    const p = publisher();
    await p.open();
    await p.publish(await staged(1), false);
    await p.publish(await staged(1), true);
    for (let n = 0; n < 3; n++) await p.publish(await staged(1), false);
    const text = await playlistOf(root);
    expect(listed(text)).toEqual([2, 3, 4]);
    expect(text).toContain('#EXT-X-DISCONTINUITY-SEQUENCE:1');
    expect(text).not.toContain('#EXT-X-DISCONTINUITY\n');
  });

  it('continues the numbering after a restart, with a discontinuity, and keeps a fresh window', async () => {
    const first = publisher();
    await first.open();
    for (let n = 0; n < 3; n++) await first.publish(await staged(1), false);
    const next = publisher();
    await next.open();
    await next.publish(await staged(1), false);
    const text = await playlistOf(root);
    expect(listed(text)).toEqual([1, 2, 3]);
    expect(text).toMatch(/#EXT-X-DISCONTINUITY\n#EXTINF:2\.000000,\n3\.ts/);
  });

  it('drops a stale window on restart rather than start viewers in old segments', async () => {
    const first = publisher();
    await first.open();
    for (let n = 0; n < 3; n++) await first.publish(await staged(1), false);
    const statePath = join(root, 'live', '.state.json');
    const state = JSON.parse(await readFile(statePath, 'utf8'));
    await writeFile(statePath, JSON.stringify({ ...state, updatedAt: Date.now() - 60 * 60_000 }));
    const next = publisher();
    await next.open();
    await next.publish(await staged(1), false);
    expect(listed(await playlistOf(root))).toEqual([3]);
  });

  it('recovers the numbering from the segment files when its state is damaged', async () => {
    const first = publisher();
    await first.open();
    for (let n = 0; n < 3; n++) await first.publish(await staged(1), false);
    await writeFile(join(root, 'live', '.state.json'), '{"nextSeq": 3, "discont');
    const next = publisher();
    await next.open();
    expect(await next.publish(await staged(1), false)).toBe(3);
    const text = await playlistOf(root);
    expect(text).toContain('#EXT-X-MEDIA-SEQUENCE:3');
    expect(text).toContain('#EXT-X-DISCONTINUITY\n');
  });

  it('starts a new window when the ladder changed, and removes renditions that no longer exist', async () => {
    const two = publisher(2);
    await two.open();
    for (let n = 0; n < 2; n++) await two.publish(await staged(2), false);
    const three = publisher(3);
    await three.open();
    await three.publish(await staged(3), false);
    // Every rendition lists only segments it has.
    for (let rung = 0; rung < 3; rung++) expect(listed(await playlistOf(root, rung))).toEqual([2]);
    const one = publisher(1);
    await one.open();
    await one.publish(await staged(1), false);
    expect(await readdir(join(root, 'live'))).not.toContain('v1');
  });

  it('keeps a segment on disk for a whole window after it left the playlist', async () => {
    const p = publisher(1, 3);
    await p.open();
    for (let n = 0; n < 10; n++) await p.publish(await staged(1), false);
    const files = (await readdir(join(root, 'live', 'v0'))).filter((name) => name.endsWith('.ts'));
    // Listed: 7, 8, 9; kept for players mid-download: 3–6; gone: 0–2.
    expect(files.map((name) => Number.parseInt(name, 10)).sort((a, b) => a - b)).toEqual([
      3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('ends the playlist when the channel is stopped', async () => {
    const p = publisher();
    await p.open();
    await p.publish(await staged(1), false);
    await p.end();
    expect(await playlistOf(root)).toMatch(/#EXT-X-ENDLIST\n$/);
  });
});
