import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

export interface TReceivedBatch {
  authorization: string | undefined;
  body: unknown;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface TServerFaults {
  /** Path → ms to hold the response (a slow segment makes the player stall). */
  delays?: Record<string, number>;
  /** Path prefix → the origin's problem+json refusal (as apps/api answers a playback request). */
  refusals?: Record<string, { status: number; code: string }>;
}

/** Serves files from `root` (plus fixed in-memory files) and records every POST /beacons. */
export async function startTestServer(
  root: string,
  files: Record<string, string>,
  faults: TServerFaults = {},
) {
  const received: TReceivedBatch[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (req.method === 'POST' && path === '/beacons') {
        received.push({ authorization: req.headers.authorization, body: JSON.parse(await readBody(req)) });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":1}');
        return;
      }
      const refusal = Object.entries(faults.refusals ?? {}).find(([prefix]) => path.startsWith(prefix))?.[1];
      if (refusal) {
        const problem = { type: 'about:blank', title: 'Refused', status: refusal.status, code: refusal.code };
        res
          .writeHead(refusal.status, { 'content-type': 'application/problem+json' })
          .end(JSON.stringify(problem));
        return;
      }
      const delay = faults.delays?.[path];
      if (delay) await new Promise((r) => setTimeout(r, delay));
      const inline = files[path];
      if (inline !== undefined) {
        res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/plain' }).end(inline);
        return;
      }
      const file = normalize(join(root, path));
      if (!file.startsWith(root)) return void res.writeHead(403).end();
      try {
        const data = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(data);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
