import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** What a simulated feed is doing: a faulty feed that still flows is the case QC exists for. */
export const SOURCE_MODES = ['normal', 'black', 'frozen', 'silent', 'loud', 'hang', 'stopped'] as const;
export type TSourceMode = (typeof SOURCE_MODES)[number];
export const ZSourceModeSchema = z.enum(SOURCE_MODES);

export type TTestSourceOptions = {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  width?: number;
  height?: number;
  fps?: number;
  /** Tone frequency, so two feeds are told apart by ear. */
  toneHz?: number;
  /** Written over the picture (e.g. PRIMARY), so two feeds are told apart by eye; needs DejaVu fonts. */
  label?: string;
  /** Also push the feed as MPEG-TS over UDP to this address, e.g. udp://127.0.0.1:5600 (no 'hang' there). */
  udp?: string;
  ffmpegPath?: string;
};

const MAX_CLIENT_BACKLOG = 8 * 1024 * 1024;
const LABEL_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';

/**
 * A live MPEG-TS feed over HTTP on 127.0.0.1 (and optionally pushed over UDP), made by ffmpeg from test patterns and a tone: what a
 * contribution encoder looks like to Keten's ingest. Any number of readers can join
 * `GET /stream.ts`; `POST /mode/<mode>` turns it black, frozen, silent, too loud, hung (connections
 * stay open, no data) or stopped (connections closed, new ones refused), and `normal` again.
 * A mode change restarts ffmpeg with timestamps that carry on, like a feed that glitches but lives.
 */
export class TestSource {
  private server: Server;
  private ffmpeg: ChildProcess | null = null;
  private clients = new Set<ServerResponse>();
  private startedAt = Date.now();
  private mode: TSourceMode = 'normal';
  private readonly settings: Required<TTestSourceOptions>;

  constructor(options: TTestSourceOptions = {}) {
    this.settings = {
      port: 0,
      host: '127.0.0.1',
      width: 640,
      height: 360,
      fps: 25,
      toneHz: 1000,
      label: '',
      udp: '',
      ffmpegPath: '/usr/bin/ffmpeg',
      ...options,
    };
    this.server = createServer((request, response) => this.handle(request, response));
  }

  get url(): string {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error('test source is not listening');
    return `http://${this.settings.host}:${address.port}/stream.ts`;
  }

  get controlUrl(): string {
    return this.url.replace(/\/stream\.ts$/, '');
  }

  get currentMode(): TSourceMode {
    return this.mode;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.settings.port, this.settings.host, () => resolve());
    });
    this.startedAt = Date.now();
    this.spawn();
    return this;
  }

  /** Switches what the feed carries; 'stopped' drops every reader, 'hang' keeps them waiting. */
  setMode(mode: TSourceMode): void {
    this.mode = mode;
    if (mode === 'stopped') {
      this.killFfmpeg();
      for (const client of this.clients) client.destroy();
      this.clients.clear();
      return;
    }
    if (mode === 'hang') return; // ffmpeg keeps running; its output goes nowhere
    this.killFfmpeg();
    this.spawn();
  }

  async close(): Promise<void> {
    this.mode = 'stopped';
    this.killFfmpeg();
    for (const client of this.clients) client.destroy();
    this.clients.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://source');
    if (request.method === 'GET' && url.pathname === '/stream.ts') {
      if (this.mode === 'stopped') {
        request.socket.destroy();
        return;
      }
      response.writeHead(200, { 'content-type': 'video/mp2t', 'cache-control': 'no-cache' });
      this.clients.add(response);
      response.on('close', () => this.clients.delete(response));
      return;
    }
    if (request.method === 'GET' && url.pathname === '/status') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ mode: this.mode, readers: this.clients.size }));
      return;
    }
    const mode = /^\/mode\/([a-z]+)$/.exec(url.pathname)?.[1];
    if (request.method === 'POST' && mode) {
      const parsed = ZSourceModeSchema.safeParse(mode);
      if (!parsed.success) {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: `mode must be one of ${SOURCE_MODES.join(', ')}` }));
        return;
      }
      this.setMode(parsed.data);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ mode: this.mode }));
      return;
    }
    response.writeHead(404).end();
  }

  private spawn() {
    const child = spawn(this.settings.ffmpegPath, this.args(), { stdio: ['ignore', 'pipe', 'ignore'] });
    this.ffmpeg = child;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (this.mode === 'hang' || this.ffmpeg !== child) return;
      for (const client of this.clients) {
        // A reader that cannot keep up is dropped rather than buffered without end.
        if (client.writableLength > MAX_CLIENT_BACKLOG) client.destroy();
        else client.write(chunk);
      }
    });
    child.on('exit', () => {
      if (this.ffmpeg === child) this.ffmpeg = null;
    });
  }

  private killFfmpeg() {
    const child = this.ffmpeg;
    this.ffmpeg = null;
    if (child && child.exitCode === null) child.kill('SIGKILL');
  }

  private args(): string[] {
    const { width, height, fps, toneHz, label } = this.settings;
    const size = `${width}x${height}`;
    const picture =
      {
        black: `color=c=black:size=${size}:rate=${fps}`,
        frozen: `smptebars=size=${size}:rate=${fps}`,
      }[this.mode as 'black' | 'frozen'] ?? `testsrc2=size=${size}:rate=${fps}`;
    // A black feed stays black: the label is only drawn over pictures.
    const text = label.replace(/[^A-Za-z0-9 ]/g, '');
    const video =
      text && this.mode !== 'black' && existsSync(LABEL_FONT)
        ? `${picture},drawtext=fontfile=${LABEL_FONT}:text=${text}:fontsize=${Math.round(height / 8)}:fontcolor=white:box=1:boxcolor=black@0.6:x=(w-tw)/2:y=h-th-${Math.round(height / 12)}`
        : picture;
    const audio =
      {
        silent: 'anullsrc=r=48000:cl=stereo',
        loud: `aevalsrc=0.95*sin(2*PI*${toneHz}*t)|0.95*sin(2*PI*${toneHz}*t):s=48000`,
      }[this.mode as 'silent' | 'loud'] ?? `sine=frequency=${toneHz}:sample_rate=48000`;
    // Timestamps continue from the first start, so a restart looks like a glitch, not a new feed.
    const offset = ((Date.now() - this.startedAt) / 1000).toFixed(3);
    return [
      '-hide_banner',
      '-loglevel',
      'error',
      '-re',
      '-f',
      'lavfi',
      '-i',
      video,
      '-re',
      '-f',
      'lavfi',
      '-i',
      audio,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-tune',
      'zerolatency',
      '-g',
      String(fps),
      '-b:v',
      '1000k',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '96k',
      '-ac',
      '2',
      '-output_ts_offset',
      offset,
      ...(this.settings.udp
        ? // One encode, two ways out: the HTTP readers' pipe and UDP datagrams of 7 TS packets.
          [
            '-map',
            '0:v',
            '-map',
            '1:a',
            '-f',
            'tee',
            `[f=mpegts]pipe:1|[f=mpegts]${this.settings.udp}?pkt_size=1316`,
          ]
        : ['-f', 'mpegts', 'pipe:1']),
    ];
  }
}
