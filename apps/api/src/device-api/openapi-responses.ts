import type { TErrorCode } from '../lib/errors';
import type { THttpErrorCode } from '../lib/http-errors';

/** Every error status a /v1 call can be answered with: its name in components.responses, its codes, its headers. */
interface TErrorResponse {
  name: string;
  description: string;
  codes: (TErrorCode | THttpErrorCode)[];
  /** The Problem variant its body is (components.schemas). */
  schema?: 'Problem' | 'InvalidInputProblem' | 'InternalProblem';
  headers?: Record<
    string,
    { description: string; required: boolean; schema: { type: 'string' | 'integer' } }
  >;
}

export const ERROR_RESPONSES = {
  '400': {
    name: 'InvalidInput',
    description:
      'INVALID_INPUT: `field` names the input (a body field, a query parameter, `body` for JSON that does not parse, `url` for a URL that does not decode); `issues` lists every issue a schema found.',
    codes: ['INVALID_INPUT'],
    schema: 'InvalidInputProblem',
  },
  '401': {
    name: 'Unauthorized',
    description:
      'TOKEN_INVALID or TOKEN_EXPIRED (refresh, or activate again; with WWW-Authenticate), ACTIVATION_REFUSED (activation details that match no box waiting for them).',
    codes: ['TOKEN_INVALID', 'TOKEN_EXPIRED', 'ACTIVATION_REFUSED'],
    headers: {
      'WWW-Authenticate': {
        description: 'With TOKEN_INVALID and TOKEN_EXPIRED: Bearer error="invalid_token" (RFC 6750)',
        required: false,
        schema: { type: 'string' },
      },
    },
  },
  '403': {
    name: 'Forbidden',
    description:
      'DEVICE_REVOKED (support revoked the box: activate it again), ENTITLEMENT_DENIED (the account or the channel is not available to this box now), or on player URLs TOKEN_INVALID (the URLs were reissued, or the box revoked or moved: there is no header a player could send instead).',
    codes: ['DEVICE_REVOKED', 'ENTITLEMENT_DENIED', 'TOKEN_INVALID'],
  },
  '404': {
    name: 'NotFound',
    description: 'NOT_FOUND: no such path.',
    codes: ['NOT_FOUND'],
  },
  '405': {
    name: 'MethodNotAllowed',
    description: 'METHOD_NOT_ALLOWED: the path exists for other methods, listed in Allow.',
    codes: ['METHOD_NOT_ALLOWED'],
    headers: {
      Allow: { description: 'The methods the path answers', required: true, schema: { type: 'string' } },
    },
  },
  '408': {
    name: 'RequestTimeout',
    description: 'REQUEST_TIMEOUT: the request did not arrive in time; the connection is closed.',
    codes: ['REQUEST_TIMEOUT'],
  },
  '409': {
    name: 'Conflict',
    description:
      'CONCURRENCY_LIMIT: the account already plays on as many boxes as it may (or, for a heartbeat, this box’s slot lapsed: POST /v1/play again).',
    codes: ['CONCURRENCY_LIMIT'],
  },
  '413': {
    name: 'PayloadTooLarge',
    description: 'PAYLOAD_TOO_LARGE: the body is over the limit (1 MiB; 512 KiB for beacons).',
    codes: ['PAYLOAD_TOO_LARGE'],
  },
  '414': {
    name: 'UriTooLong',
    description: 'URI_TOO_LONG: the URL, or one path segment, is too long.',
    codes: ['URI_TOO_LONG'],
  },
  '415': {
    name: 'UnsupportedMediaType',
    description: 'UNSUPPORTED_MEDIA_TYPE: a body that is not application/json.',
    codes: ['UNSUPPORTED_MEDIA_TYPE'],
  },
  '429': {
    name: 'TooManyRequests',
    description:
      'RATE_LIMITED (per box, or per address before a valid token) or INGEST_BUSY (the beacon queue is full; nothing of the batch was stored). Retry after Retry-After seconds.',
    codes: ['RATE_LIMITED', 'INGEST_BUSY'],
    headers: {
      'Retry-After': {
        description: 'Seconds to wait before the next try',
        required: true,
        schema: { type: 'integer' },
      },
    },
  },
  '431': {
    name: 'HeadersTooLarge',
    description: 'HEADERS_TOO_LARGE: the request headers are too large; the connection is closed.',
    codes: ['HEADERS_TOO_LARGE'],
  },
  '500': {
    name: 'Internal',
    description:
      'INTERNAL: nothing about the cause, only `requestId` (also the X-Request-Id header), which finds it in the log.',
    codes: ['INTERNAL'],
    schema: 'InternalProblem',
  },
  '503': {
    name: 'Unavailable',
    description: 'DEVICE_API_DISABLED: this install has no device token secret configured.',
    codes: ['DEVICE_API_DISABLED'],
  },
} as const satisfies Record<string, TErrorResponse>;

export type TErrorStatus = keyof typeof ERROR_RESPONSES;

/** A problem+json response whose `code` is limited to the codes of its status. */
function responseObject(status: TErrorStatus) {
  const error: TErrorResponse = ERROR_RESPONSES[status];
  return {
    description: error.description,
    ...(error.headers ? { headers: error.headers } : {}),
    content: {
      'application/problem+json': {
        schema: {
          type: 'object',
          allOf: [{ $ref: `#/components/schemas/${error.schema ?? 'Problem'}` }],
          properties: { status: { const: Number(status) }, code: { enum: error.codes } },
        },
      },
    },
  };
}

// What answers a request no operation matches: kept beside the paths (x-unrouted), not per operation.
const UNROUTED: TErrorStatus[] = ['404', '405'];
const STATUSES = Object.keys(ERROR_RESPONSES) as TErrorStatus[];

/** components.responses: the shared responses the operations refer to (an unused component is a lint warning). */
export function errorComponents(paths: unknown) {
  const referenced = new Set(
    [...JSON.stringify(paths).matchAll(/#\/components\/responses\/(\w+)/g)].map((match) => match[1]),
  );
  return Object.fromEntries(
    STATUSES.filter((status) => referenced.has(ERROR_RESPONSES[status].name)).map((status) => [
      ERROR_RESPONSES[status].name,
      responseObject(status),
    ]),
  );
}

/** An operation's error responses, each a $ref to the shared component. */
export const errorRefs = (...statuses: TErrorStatus[]) =>
  Object.fromEntries(
    statuses.map((status) => [status, { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` }]),
  );

/** The answers to a request that matches no operation (unknown path; known path, other method). */
export const unroutedResponses = () =>
  Object.fromEntries(UNROUTED.map((status) => [status, responseObject(status)]));
