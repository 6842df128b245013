import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  ConnectionError,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HTTPMethods,
} from 'fastify';
import { KetenError } from './errors';
import { findUnstorableString } from './input-guard';
import { sendKetenError, sendProblem } from './problem';

/** Every request gets a random id: the log line carries it, the response's X-Request-Id header too. */
export const REQUEST_ID_HEADER = 'x-request-id';
export const genReqId = () => randomUUID();

// Stable codes for the HTTP errors Fastify and Node raise themselves, before any route runs.
const CODE_BY_STATUS = {
  400: 'INVALID_INPUT',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
} as const satisfies Record<number, string>;

/** The codes this module answers with itself (the OpenAPI document lists them per status). */
export type THttpErrorCode = (typeof CODE_BY_STATUS)[keyof typeof CODE_BY_STATUS] | 'INTERNAL';
// Body errors name the body as the field, so a client sees which part of its request was refused.
const BODY_STATUSES = new Set([400, 413, 415]);

function codeOf(status: number) {
  return (
    (CODE_BY_STATUS as Record<number, string>)[status] ??
    (STATUS_CODES[status] ?? 'ERROR').toUpperCase().replace(/\W+/g, '_')
  );
}

/** The generic 500: nothing about the cause, only the id that finds it in the log. */
function sendInternal(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  request.log.error({ err: error }, 'request failed');
  return sendProblem(reply, 500, {
    code: 'INTERNAL',
    message: `Something went wrong on our side. Quote request id ${request.id} when you report it.`,
    requestId: request.id,
  });
}

function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof KetenError) return sendKetenError(reply, error);
  const status = (error as { statusCode?: unknown }).statusCode;
  // A client error raised by Fastify or a plugin (bad JSON, too large, rate limit): it describes the request,
  // not us, so its own words may be shown. Anything without a 4xx status is ours: a generic 500.
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const message = (error as { message?: unknown }).message;
    return sendProblem(reply, status, {
      code: codeOf(status),
      message: typeof message === 'string' && message ? message : (STATUS_CODES[status] ?? 'Refused.'),
      ...(BODY_STATUSES.has(status) ? { field: 'body' } : {}),
    });
  }
  return sendInternal(request, reply, error);
}

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** No route for this method and path: 405 with Allow when the path exists for other methods (RFC 9110), else 404. */
function sendNoRoute(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0] ?? '/';
  const allowed = METHODS.filter((method) => request.server.findRoute({ method, url: path }));
  const shown = path.slice(0, 200);
  if (allowed.length === 0) {
    return sendProblem(reply, 404, { code: 'NOT_FOUND', message: `No route ${request.method} ${shown}.` });
  }
  reply.header('allow', allowed.join(', '));
  return sendProblem(reply, 405, {
    code: 'METHOD_NOT_ALLOWED',
    message: `${shown} answers ${allowed.join(', ')}, not ${request.method}.`,
  });
}

/** Fastify's errors that happen before routing (a malformed or too long URL). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode ?? 400;
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'The URL path is too long.'
      : 'The URL is not valid (bad percent-encoding).';
  // Raised before routing, so the onRequest hook that sets the header has not run.
  reply.header(REQUEST_ID_HEADER, request.id);
  return sendProblem(reply, status, { code: codeOf(status), message, field: 'url' });
}

/** Errors Node's HTTP parser raises before Fastify sees a request: answered as problem+json on the raw socket. */
export function clientErrorHandler(error: ConnectionError, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let message = 'The request could not be read as HTTP.';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    message = 'The request took too long to arrive.';
  } else if (error.code === 'HPE_HEADER_OVERFLOW') {
    // A request line that never ended within the limit is a URL too long, not too many headers.
    // Typed as Buffer's JSON form, but Node hands over the Buffer itself.
    const raw: unknown = error.rawPacket;
    const packet = Buffer.isBuffer(raw) ? raw.toString('latin1') : '';
    const urlTooLong = packet.length > 0 && !packet.includes('\r\n');
    status = urlTooLong ? 414 : 431;
    message = urlTooLong ? 'The URL is too long.' : 'The request headers are too large.';
  }
  const body = JSON.stringify({
    type: `https://keten.dev/problems/${codeOf(status).toLowerCase()}`,
    title: message,
    status,
    code: codeOf(status),
    message,
    field: status === 431 ? 'headers' : 'url',
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/**
 * One error story for the whole server: a request id on every response; raw input with a NUL or a lone
 * surrogate refused before any route (naming the field); Fastify's own 4xx as problem+json; anything else a
 * generic 500 with the request id. `guardSkip` names prefixes that guard their own input (tRPC).
 */
export function installErrorHandling(app: FastifyInstance, options: { guardSkip: string[] }) {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook('preValidation', async (request, reply) => {
    if (options.guardSkip.some((prefix) => request.url.startsWith(prefix))) return;
    for (const [part, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const found = findUnstorableString(value);
      if (!found) continue;
      const field = found.path.length > 0 ? found.path.join('.') : part;
      return sendProblem(reply, 400, { code: 'INVALID_INPUT', message: `${field}: ${found.message}`, field });
    }
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(sendNoRoute);
}
