import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { TQoeEventInput } from '@keten/db/clickhouse';

/** Test support: `attempts` sessions starting in the minute at `minute`, the first `failures` of them video start failures. */
export function minuteOfAttempts(
  minute: Date,
  attempts: number,
  failures: number,
  dims: { boxModel?: string; firmware?: string; channelId?: string; region?: string } = {},
): TQoeEventInput[] {
  const events: TQoeEventInput[] = [];
  for (let i = 0; i < attempts; i++) {
    const base = {
      deviceId: `box-${i}`,
      boxModel: dims.boxModel ?? 'KT-4K',
      firmware: dims.firmware ?? '1.0',
      channelId: dims.channelId ?? 'npo1',
      region: dims.region ?? 'north',
      subscriberId: `sub-${i}`,
      sessionId: randomUUID(),
    };
    const start = new Date(minute.getTime() + (i * 50_000) / attempts);
    const at = (ms: number) => new Date(start.getTime() + ms);
    events.push({ ...base, seq: 0, eventTime: start, eventType: 'attempt' });
    events.push(
      i < failures
        ? {
            ...base,
            seq: 1,
            eventTime: at(1000),
            eventType: 'error',
            errorCode: 'NET_TIMEOUT',
            errorLayer: 'network',
            fatal: true,
            beforeFirstFrame: true,
          }
        : { ...base, seq: 1, eventTime: at(800), eventType: 'first_frame', startMs: 800 },
    );
  }
  return events;
}

export interface TReceived {
  headers: IncomingHttpHeaders;
  body: string;
}

/** Test support: a webhook receiver on 127.0.0.1 that keeps what it got; `answer` picks each status. */
export async function startReceiver(answer: (count: number) => number = () => 200) {
  const received: TReceived[] = [];
  let count = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      count++;
      const status = answer(count);
      if (status < 300)
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks/noc`,
    received,
    requests: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
