import type {
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  onResponseHookHandler,
  onSendHookHandler,
} from 'fastify';
import { readCmcd } from './cmcd';
import type { TDeliveryRecorder } from './delivery-recorder';

/** What onSend learns for onResponse: time to first byte, body size, a refusal's code. */
interface TSent {
  ttfbMs: number;
  bytes: number;
  errorCode: string;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const EDGE = /^[A-Za-z0-9._:-]{1,64}$/;
// Hundredths of a millisecond: what a Float32 column keeps anyway, in a shorter line.
const round = (ms: number) => Math.round(ms * 100) / 100;
const PATH = /^[A-Za-z0-9._/-]{0,256}$/;
const PROBLEM_CODE = /"code":"([A-Z_]{1,64})"/;
// Compiled once: the origin runs these on every request.
const PARAMS = { dev: /(?:^|&)dev=([^&]*)/, sub: /(?:^|&)sub=([^&]*)/ };
const param = (query: string, name: keyof typeof PARAMS) => {
  const value = PARAMS[name].exec(query)?.[1] ?? '';
  return ID.test(value) ? value : '';
};
const headerOf = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === 'string' && EDGE.test(value) ? value : '';
};

function bodyBytes(reply: FastifyReply, payload: unknown): number {
  if (typeof payload === 'string') return Buffer.byteLength(payload);
  if (Buffer.isBuffer(payload)) return payload.length;
  return Number(reply.getHeader('content-length') ?? 0) || 0;
}

/**
 * Route hooks that turn each media answer into a delivery record. onSend (headers about to go out) gives the time
 * to first byte and the body size; onResponse (last byte written) the duration, and hands the record to the
 * recorder, which only appends a line to a buffer: the request never waits for the spool.
 * A CDN edge that fetches from the origin names itself in `X-Keten-Edge` (its id, as in the console's edges);
 * such a request counts as the edge's MISS, one without it as ORIGIN (a box reached the origin directly).
 */
export function deliveryHooks(
  recorder: TDeliveryRecorder,
  kind: 'live' | 'vod',
  rawQuery: (request: FastifyRequest) => string,
): { onSend: onSendHookHandler; onResponse: onResponseHookHandler } {
  const sent = new WeakMap<FastifyRequest, TSent>();
  return {
    onSend(request, reply, payload, done) {
      const status = reply.statusCode;
      const code =
        status >= 400 && typeof payload === 'string' ? (PROBLEM_CODE.exec(payload)?.[1] ?? '') : '';
      sent.set(request, { ttfbMs: reply.elapsedTime, bytes: bodyBytes(reply, payload), errorCode: code });
      done(null, payload);
    },
    onResponse(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
      const info = sent.get(request);
      const durationMs = reply.elapsedTime;
      const query = rawQuery(request);
      const params = request.params as { name?: string; '*'?: string };
      // Only names the origin could serve are kept: a hostile path is recorded as empty, never stored as sent.
      const rest = PATH.test(params['*'] ?? '') ? (params['*'] as string) : '';
      const slash = rest.lastIndexOf('/');
      const file = rest.slice(slash + 1);
      const cmcd = readCmcd(query, request.headers);
      const edgeId = headerOf(request, 'x-keten-edge');
      recorder.record({
        time: Math.round(Date.now() - durationMs),
        source: 'origin',
        edgeId,
        cacheStatus: edgeId ? 'MISS' : 'ORIGIN',
        deviceId: param(query, 'dev'),
        subscriberId: param(query, 'sub'),
        sessionId: cmcd.sessionId,
        channelId: ID.test(params.name ?? '') ? (params.name as string) : '',
        contentId: cmcd.contentId,
        kind,
        object: file.endsWith('.m3u8') ? (slash < 0 ? 'master' : 'playlist') : file ? 'segment' : 'other',
        rendition: slash < 0 ? '' : rest.slice(0, slash).slice(0, 64),
        path: rest,
        status: reply.statusCode,
        errorCode: info?.errorCode ?? '',
        bytes: info?.bytes ?? 0,
        ttfbMs: round(info?.ttfbMs ?? durationMs),
        durationMs: round(durationMs),
        clientIp: request.ip,
        bitrateKbps: cmcd.bitrateKbps,
      });
      done();
    },
  };
}
