import {
  ZActivateSchema,
  ZBeaconAcceptedSchema,
  ZBeaconBatchSchema,
  ZDeviceConfigSchema,
  ZDeviceTokenPairSchema,
  ZEdgeLogLineSchema,
  ZEdgeLogReportSchema,
  ZEpgQuerySchema,
  ZEpgSchema,
  ZFirmwareReportedSchema,
  ZFirmwareReportSchema,
  ZFirmwareTargetSchema,
  ZInternalProblemSchema,
  ZInvalidInputProblemSchema,
  ZLineupSchema,
  ZPlayerStreamParamsSchema,
  ZPlayerTokenParamsSchema,
  ZPlaylistQuerySchema,
  ZPlayParamsSchema,
  ZPlayResponseSchema,
  ZProblemSchema,
  ZRefreshSchema,
} from '@keten/contracts';
import { type ZodType, z } from 'zod';
import type { TDeps } from '../deps';
import { publicBaseUrl } from './m3u';
import { errorComponents, errorRefs, type TErrorStatus, unroutedResponses } from './openapi-responses';

// Generated from the very zod schemas the routes parse with, so the document cannot drift from the code.
const schema = (type: ZodType, io: 'input' | 'output') => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(type, { io, target: 'draft-2020-12' });
  return rest;
};

// What every operation can be answered with: input refused before the route (a NUL, a URL that does not decode),
// a slow or oversized request, the rate limit, and our own failure.
const ANY: TErrorStatus[] = ['400', '408', '414', '429', '431', '500'];
// A POST is read as JSON whatever its route does with it.
const BODY: TErrorStatus[] = ['413', '415'];
// A box's token: missing, expired, revoked; the device API not configured.
const DEVICE: TErrorStatus[] = ['401', '403', '503'];

const cached = (description: string, content: Record<string, { schema: unknown }>) => ({
  '200': {
    description,
    headers: {
      ETag: { description: 'Strong validator: a hash of the body', schema: { type: 'string' } },
      'Cache-Control': { description: 'private, max-age=60', schema: { type: 'string' } },
    },
    content,
  },
  '304': { description: 'Not modified (If-None-Match matched the ETag)' },
  ...errorRefs(...ANY, ...DEVICE),
});
const json = (ref: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } });

/** Query or path parameters from the zod object the route parses them with. */
function parametersOf(type: ZodType, place: 'query' | 'path') {
  const object = schema(type, 'input') as { properties: Record<string, object>; required?: string[] };
  return Object.entries(object.properties).map(([name, property]) => ({
    name,
    in: place,
    required: place === 'path' || (object.required?.includes(name) ?? false),
    schema: property,
  }));
}

const PUBLIC = { security: [] };

function buildDocument(serverUrl: string) {
  // Filled once the paths say which are used.
  const responses: ReturnType<typeof errorComponents> = {};
  const document = {
    openapi: '3.1.0',
    info: {
      title: 'Keten device API',
      version: '1',
      description:
        'What set-top boxes call: activation, tokens, configuration and flags, firmware, lineup and guide, playback, QoE beacons. Errors are RFC 9457 ' +
        'problem+json with a stable `code` (components.responses, one per status); a request that matches no ' +
        'operation is answered as `x-unrouted` says (404, or 405 with Allow). Every response carries X-Request-Id. ' +
        'Strings must be well-formed Unicode without control characters (tab allowed; line breaks only where a ' +
        'field says so).',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: serverUrl, description: 'This install (PUBLIC_API_URL)' }],
    security: [{ deviceToken: [] }],
    components: {
      securitySchemes: {
        deviceToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The access token from /v1/activate or /v1/token/refresh (15 minutes)',
        },
        edgeToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'A CDN edge’s token (ke_edge_…), shown once when an administrator adds or rotates the edge in the console',
        },
      },
      schemas: {
        Activate: schema(ZActivateSchema, 'input'),
        Refresh: schema(ZRefreshSchema, 'input'),
        TokenPair: schema(ZDeviceTokenPairSchema, 'output'),
        Lineup: schema(ZLineupSchema, 'output'),
        Epg: schema(ZEpgSchema, 'output'),
        DeviceConfig: schema(ZDeviceConfigSchema, 'output'),
        Problem: schema(ZProblemSchema, 'output'),
        InvalidInputProblem: schema(ZInvalidInputProblemSchema, 'output'),
        InternalProblem: schema(ZInternalProblemSchema, 'output'),
        PlayResponse: schema(ZPlayResponseSchema, 'output'),
        BeaconBatch: schema(ZBeaconBatchSchema, 'input'),
        BeaconAccepted: schema(ZBeaconAcceptedSchema, 'output'),
        EdgeLogLine: schema(ZEdgeLogLineSchema, 'input'),
        EdgeLogReport: schema(ZEdgeLogReportSchema, 'output'),
        FirmwareTarget: schema(ZFirmwareTargetSchema, 'output'),
        FirmwareReport: schema(ZFirmwareReportSchema, 'input'),
        FirmwareReported: schema(ZFirmwareReportedSchema, 'output'),
      },
      responses,
    },
    'x-unrouted': unroutedResponses(),
    paths: {
      '/v1/activate': {
        post: {
          ...PUBLIC,
          operationId: 'activate',
          summary: 'Activate a box with a code, or with serial + MAC + provisioning secret',
          requestBody: { required: true, content: json('Activate') },
          responses: {
            '201': { description: 'A token pair', content: json('TokenPair') },
            ...errorRefs(...ANY, ...BODY, '401', '503'),
          },
        },
      },
      '/v1/token/refresh': {
        post: {
          ...PUBLIC,
          operationId: 'refreshToken',
          summary: 'Rotate the refresh token (the old one dies; reusing it revokes the family)',
          requestBody: { required: true, content: json('Refresh') },
          responses: {
            '200': { description: 'A new token pair', content: json('TokenPair') },
            ...errorRefs(...ANY, ...BODY, ...DEVICE),
          },
        },
      },
      '/v1/lineup': {
        get: {
          operationId: 'getLineup',
          summary: 'Channels this box may play now',
          responses: cached('Lineup', json('Lineup')),
        },
      },
      '/v1/config': {
        get: {
          operationId: 'getConfig',
          summary:
            'Central configuration and feature flags for this box; poll every pollAfterSeconds with If-None-Match',
          responses: {
            '200': {
              description: 'Configuration (revalidated on every poll: a saved change shows on the next one)',
              headers: {
                ETag: { description: 'Strong validator: a hash of the body', schema: { type: 'string' } },
                'Cache-Control': { description: 'private, no-cache', schema: { type: 'string' } },
              },
              content: json('DeviceConfig'),
            },
            '304': { description: 'Not modified (If-None-Match matched the ETag)' },
            ...errorRefs(...ANY, ...DEVICE),
          },
        },
      },
      '/v1/firmware': {
        get: {
          operationId: 'getFirmware',
          summary:
            'The firmware this box should run: 200 with the image to install (a rollout reaches it, or a rollback returns it), 204 to stay',
          description:
            'Check the image against sha256 and sizeBytes before flashing; after rebooting, POST /v1/firmware/report. ' +
            'Ask again after pollAfterSeconds (or your own schedule after a 204). Rollouts: apps/api/src/rollouts/README.md.',
          responses: {
            '200': {
              description: 'Install this version',
              headers: { 'Cache-Control': { description: 'private, no-store', schema: { type: 'string' } } },
              content: json('FirmwareTarget'),
            },
            '204': { description: 'Stay on the installed version' },
            ...errorRefs(...ANY, ...DEVICE),
          },
        },
      },
      '/v1/firmware/report': {
        post: {
          operationId: 'reportFirmware',
          summary:
            'The firmware version this box runs now; the answer is a fresh access token carrying it (use it from now on)',
          description:
            'Send it after every install and at start-up. The box counts as updated once it reported the new version ' +
            'and then played a first frame on it (a first_frame beacon sent with the new token).',
          requestBody: { required: true, content: json('FirmwareReport') },
          responses: {
            '200': { description: 'Recorded', content: json('FirmwareReported') },
            ...errorRefs(...ANY, ...BODY, ...DEVICE),
          },
        },
      },
      '/v1/epg': {
        get: {
          operationId: 'getEpg',
          summary: 'Guide for the lineup (max 48 h)',
          parameters: parametersOf(ZEpgQuerySchema, 'query'),
          responses: cached('Guide', json('Epg')),
        },
      },
      '/v1/epg.xml': {
        get: {
          operationId: 'getEpgXml',
          summary: 'Guide for the lineup as XMLTV',
          parameters: parametersOf(ZEpgQuerySchema, 'query'),
          responses: cached('XMLTV', { 'application/xml': { schema: { type: 'string' } } }),
        },
      },
      '/v1/playlist.m3u': {
        get: {
          operationId: 'getPlaylist',
          summary: 'Extended M3U (tvg-id, tvg-name, tvg-logo, group-title, tvg-chno)',
          responses: cached('Playlist', { 'audio/x-mpegurl': { schema: { type: 'string' } } }),
        },
      },
      '/v1/play/{channelId}': {
        post: {
          operationId: 'play',
          summary: 'Authorize playback: entitlement and concurrent-stream limit, then a signed HLS URL',
          parameters: parametersOf(ZPlayParamsSchema, 'path'),
          responses: {
            '200': { description: 'Signed master playlist URL', content: json('PlayResponse') },
            ...errorRefs(...ANY, ...BODY, ...DEVICE, '409'),
          },
        },
      },
      '/v1/play/heartbeat': {
        post: {
          operationId: 'playHeartbeat',
          summary: 'Keep this device’s stream counted',
          responses: {
            '204': { description: 'Refreshed' },
            ...errorRefs(...ANY, ...BODY, ...DEVICE, '409'),
          },
        },
      },
      '/v1/beacons': {
        post: {
          operationId: 'sendBeacons',
          summary:
            'QoE events (1–500 per batch); stored once per (sessionId, seq); durable when acknowledged',
          requestBody: { required: true, content: json('BeaconBatch') },
          responses: {
            '202': {
              description: 'Accepted: written to the spool, on its way to ClickHouse',
              content: json('BeaconAccepted'),
            },
            ...errorRefs(...ANY, ...BODY, ...DEVICE),
          },
        },
      },
      '/v1/edge-logs': {
        post: {
          security: [{ edgeToken: [] }],
          operationId: 'sendEdgeLog',
          summary:
            'A CDN edge’s request log: one EdgeLogLine JSON object per line (NDJSON), at most 10,000 lines',
          description:
            'Each line stands alone: the good ones are stored, each refused one is reported with its line number, ' +
            'field and reason. 202 once the stored lines are durable; 400 INVALID_INPUT (issues `lines.<n>.<field>`, ' +
            'n counted from 1) when no line could be stored. The edge id comes from the token. Format: ' +
            'apps/api/src/delivery/README.md.',
          requestBody: {
            required: true,
            content: {
              // OpenAPI 3.1 has no per-line schema (3.2's itemSchema): JSON Schema's contentSchema says what each line is.
              'application/x-ndjson': {
                schema: {
                  type: 'string',
                  description: 'Lines of JSON objects, each an EdgeLogLine (blank lines are skipped)',
                  contentMediaType: 'application/x-ndjson',
                  contentSchema: { $ref: '#/components/schemas/EdgeLogLine' },
                },
              },
            },
          },
          responses: {
            '202': {
              description: 'Stored lines counted; refused ones listed (first 100)',
              content: json('EdgeLogReport'),
            },
            ...errorRefs(...ANY, ...BODY, '401'),
          },
        },
      },
      '/v1/play/stop': {
        post: {
          operationId: 'playStop',
          summary: 'Free this device’s stream slot',
          responses: { '204': { description: 'Freed' }, ...errorRefs(...ANY, ...BODY, ...DEVICE) },
        },
      },
      '/v1/openapi.json': {
        get: {
          ...PUBLIC,
          operationId: 'getOpenApi',
          summary: 'This document',
          responses: {
            '200': {
              description: 'OpenAPI 3.1',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
            ...errorRefs(...ANY),
          },
        },
      },
      '/v1/docs': {
        get: {
          ...PUBLIC,
          operationId: 'getApiReference',
          summary: 'This document as a readable HTML page',
          responses: {
            '200': {
              description: 'HTML reference',
              content: { 'text/html': { schema: { type: 'string' } } },
            },
            ...errorRefs(...ANY),
          },
        },
      },
      // Player URLs (device-api/README.md): what VLC, Kodi, TiviMate and mpv load with no header; the token is the credential.
      '/v1/p/{token}/playlist.m3u': {
        get: {
          ...PUBLIC,
          operationId: 'getPlayerPlaylist',
          summary:
            'Extended M3U for players: channels on air (offAir=show: all), each entry a stream player URL',
          parameters: [
            ...parametersOf(ZPlayerTokenParamsSchema, 'path'),
            ...parametersOf(ZPlaylistQuerySchema, 'query'),
          ],
          // No 401: the credential is in the path, there is no header a player could send instead.
          responses: {
            '200': {
              description: 'Playlist (revalidated on every load)',
              headers: {
                ETag: { description: 'Strong validator: a hash of the body', schema: { type: 'string' } },
              },
              content: { 'audio/x-mpegurl': { schema: { type: 'string' } } },
            },
            '304': { description: 'Not modified (If-None-Match matched the ETag)' },
            ...errorRefs(...ANY, '403', '503'),
          },
        },
      },
      '/v1/p/{token}/epg.xml': {
        get: {
          ...PUBLIC,
          operationId: 'getPlayerGuideXmltv',
          summary: 'Guide for the player’s channels as XMLTV (the playlist’s url-tvg)',
          parameters: [
            ...parametersOf(ZPlayerTokenParamsSchema, 'path'),
            ...parametersOf(ZEpgQuerySchema, 'query'),
          ],
          responses: {
            '200': {
              description: 'XMLTV (revalidated on every load)',
              headers: {
                ETag: { description: 'Strong validator: a hash of the body', schema: { type: 'string' } },
              },
              content: { 'application/xml': { schema: { type: 'string' } } },
            },
            '304': { description: 'Not modified (If-None-Match matched the ETag)' },
            ...errorRefs(...ANY, '403', '503'),
          },
        },
      },
      '/v1/p/{token}/live/{slug}.m3u8': {
        get: {
          ...PUBLIC,
          operationId: 'playFromPlayer',
          summary:
            'A channel of the playlist: redirects to a signed HLS URL whose playlist requests count toward the concurrent-stream limit',
          parameters: parametersOf(ZPlayerStreamParamsSchema, 'path'),
          responses: {
            '302': {
              description:
                'Location: the signed master playlist (409 CONCURRENCY_LIMIT there when the account is full)',
              headers: {
                Location: { description: 'The signed media URL', schema: { type: 'string', format: 'uri' } },
              },
            },
            ...errorRefs(...ANY, '403', '404', '503'),
          },
        },
      },
    },
  };
  // The shared error responses the operations refer to, and only those (an unused one is a lint warning).
  Object.assign(responses, errorComponents(document.paths));
  return document;
}

export type TOpenApiDocument = ReturnType<typeof buildDocument>;

const documents = new Map<string, TOpenApiDocument>();

/** The OpenAPI 3.1 document, built once per public URL (PUBLIC_API_URL is its server). */
export function deviceOpenApi(deps: Pick<TDeps, 'publicApiUrl'>): TOpenApiDocument {
  const url = publicBaseUrl(deps);
  let document = documents.get(url);
  if (!document) {
    document = buildDocument(url);
    documents.set(url, document);
  }
  return document;
}
