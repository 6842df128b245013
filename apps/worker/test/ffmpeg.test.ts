import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFfmpeg, FfmpegInterruptedError, ProbeError } from '../src/ffmpeg';
import { parseProgressLine } from '../src/ffmpeg/progress';
import { until } from './support/until';

const ffmpeg = createFfmpeg({
  ffmpegPath: '/usr/bin/ffmpeg',
  ffprobePath: '/usr/bin/ffprobe',
  stallSeconds: 1.5,
  quitGraceMs: 1_000,
});
const dir = mkdtempSync(join(tmpdir(), 'keten-ffmpeg-'));
const ffmpegRunning = (marker: string) =>
  spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' }).stdout.trim() !== '';

describe('ffmpeg module', () => {
  it('parses a stats line into fps, speed, media time and percent', () => {
    const line = 'frame=  240 fps= 96 q=28.0 q=27.0 size=N/A time=00:00:08.00 bitrate=N/A speed=3.21x';
    expect(parseProgressLine(line, 10)).toEqual({
      frame: 240,
      fps: 96,
      speed: 3.21,
      mediaSeconds: 8,
      percent: 80,
    });
    expect(parseProgressLine('Stream #0:0: Video: h264', 10)).toBeNull();
  });

  it('runs an argv, reports progress and the exit code', async () => {
    const seen: number[] = [];
    const out = join(dir, 'ok.ts');
    const result = await ffmpeg.runFfmpeg({
      args: [
        '-hide_banner',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=320x180:rate=25:duration=3',
        '-c:v',
        'libx264',
        out,
      ],
      durationSeconds: 3,
      onProgress: (progress) => seen.push(progress.mediaSeconds),
    });
    expect(result.exitCode).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect((await ffmpeg.probe(out)).streams[0]).toMatchObject({
      codec_type: 'video',
      width: 320,
      height: 180,
    });
  });

  it('kills an ffmpeg that makes no progress and says it stalled', async () => {
    const fifo = join(dir, 'never-written.fifo');
    execFileSync('mkfifo', [fifo]);
    const run = ffmpeg.runFfmpeg({ args: ['-hide_banner', '-i', fifo, '-f', 'null', '-'] });
    await expect(run).rejects.toMatchObject({ message: 'ffmpeg stalled', why: 'stalled' });
    expect(ffmpegRunning(fifo)).toBe(false);
  });

  it('asks ffmpeg to quit on abort and leaves no process behind', async () => {
    const controller = new AbortController();
    const marker = 'testsrc2=size=160x90:rate=10:duration=600';
    let encoding = false;
    const run = ffmpeg.runFfmpeg({
      args: ['-hide_banner', '-re', '-f', 'lavfi', '-i', marker, '-f', 'null', '-'],
      signal: controller.signal,
      onProgress: () => {
        encoding = true;
      },
    });
    // Its first stats line: ffmpeg is in its main loop, where it reads the 'q' it is sent.
    await until('ffmpeg encoding', () => encoding, 10_000);
    expect(ffmpegRunning(marker)).toBe(true);
    const started = Date.now();
    controller.abort('test');
    const error = await run.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegInterruptedError);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(ffmpegRunning(marker)).toBe(false);
  });

  it('refuses random bytes with ffprobe’s own reason', async () => {
    const corrupt = join(dir, 'corrupt.ts');
    writeFileSync(corrupt, Buffer.from(Array.from({ length: 64_000 }, (_, i) => (i * 7919 + 13) % 251)));
    const error = await ffmpeg.probe(corrupt).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProbeError);
    expect((error as Error).message).toMatch(/Invalid data/);
  });
});
