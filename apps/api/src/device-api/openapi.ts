import {
  ZActivateSchema,
  ZBeaconBatchSchema,
  ZDeviceProblemSchema,
  ZDeviceTokenPairSchema,
  ZEpgQuerySchema,
  ZEpgSchema,
  ZLineupSchema,
  ZPlayerStreamParamsSchema,
  ZPlayerTokenParamsSchema,
  ZPlaylistQuerySchema,
  ZPlayParamsSchema,
  ZPlayResponseSchema,
  ZRefreshSchema,
} from '@keten/contracts';
import { type ZodType, z } from 'zod';

// Generated from the very zod schemas the routes parse with, so the document cannot drift from the code.
const schema = (type: ZodType, io: 'input' | 'output') => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(type, { io, target: 'draft-2020-12' });
  return rest;
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
const errors = {
  '400': problem('INVALID_INPUT, naming the field'),
  '401': problem('TOKEN_INVALID or TOKEN_EXPIRED'),
  '403': problem('DEVICE_REVOKED or ENTITLEMENT_DENIED'),
  '429': problem('RATE_LIMITED; see Retry-After'),
};
const cached = (description: string, content: Record<string, unknown>) => ({
  '200': { description, headers: { ETag: { schema: { type: 'string' } } }, content },
  '304': { description: 'Not modified (If-None-Match matched the ETag)' },
  ...errors,
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

function buildDocument() {
  const secured = { security: [{ deviceToken: [] }] };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Keten device API',
      version: '1',
      description:
        'What set-top boxes call: activation, tokens, lineup and guide, playback, QoE beacons. Errors are RFC 9457 problem+json.',
    },
    components: {
      securitySchemes: { deviceToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Activate: schema(ZActivateSchema, 'input'),
        Refresh: schema(ZRefreshSchema, 'input'),
        TokenPair: schema(ZDeviceTokenPairSchema, 'output'),
        Lineup: schema(ZLineupSchema, 'output'),
        Epg: schema(ZEpgSchema, 'output'),
        Problem: schema(ZDeviceProblemSchema, 'output'),
        PlayResponse: schema(ZPlayResponseSchema, 'output'),
        BeaconBatch: schema(ZBeaconBatchSchema, 'input'),
      },
    },
    paths: {
      '/v1/activate': {
        post: {
          summary: 'Activate a box with a code, or with serial + MAC + provisioning secret',
          requestBody: { required: true, content: json('Activate') },
          responses: { '201': { description: 'A token pair', content: json('TokenPair') }, ...errors },
        },
      },
      '/v1/token/refresh': {
        post: {
          summary: 'Rotate the refresh token (the old one dies; reusing it revokes the family)',
          requestBody: { required: true, content: json('Refresh') },
          responses: { '200': { description: 'A new token pair', content: json('TokenPair') }, ...errors },
        },
      },
      '/v1/lineup': {
        get: {
          ...secured,
          summary: 'Channels this box may play now',
          responses: cached('Lineup', json('Lineup')),
        },
      },
      '/v1/epg': {
        get: {
          ...secured,
          summary: 'Guide for the lineup (max 48 h)',
          parameters: parametersOf(ZEpgQuerySchema, 'query'),
          responses: cached('Guide', json('Epg')),
        },
      },
      '/v1/epg.xml': {
        get: {
          ...secured,
          summary: 'Guide for the lineup as XMLTV',
          parameters: parametersOf(ZEpgQuerySchema, 'query'),
          responses: cached('XMLTV', { 'application/xml': { schema: { type: 'string' } } }),
        },
      },
      '/v1/playlist.m3u': {
        get: {
          ...secured,
          summary: 'Extended M3U (tvg-id, tvg-name, tvg-logo, group-title, tvg-chno)',
          responses: cached('Playlist', { 'audio/x-mpegurl': { schema: { type: 'string' } } }),
        },
      },
      '/v1/play/{channelId}': {
        post: {
          ...secured,
          summary: 'Authorize playback: entitlement and concurrent-stream limit, then a signed HLS URL',
          parameters: parametersOf(ZPlayParamsSchema, 'path'),
          responses: {
            '200': { description: 'Signed master playlist URL', content: json('PlayResponse') },
            ...errors,
            '409': problem('CONCURRENCY_LIMIT'),
          },
        },
      },
      '/v1/play/heartbeat': {
        post: {
          ...secured,
          summary: 'Keep this device’s stream counted',
          responses: {
            '204': { description: 'Refreshed' },
            ...errors,
            '409': problem('CONCURRENCY_LIMIT (lapsed)'),
          },
        },
      },
      '/v1/beacons': {
        post: {
          ...secured,
          summary:
            'QoE events (1–500 per batch); stored once per (sessionId, seq); durable when acknowledged',
          requestBody: { required: true, content: json('BeaconBatch') },
          responses: {
            '202': { description: 'Accepted: written to the spool, on its way to ClickHouse' },
            ...errors,
            '429': problem('INGEST_BUSY or RATE_LIMITED; see Retry-After'),
          },
        },
      },
      '/v1/play/stop': {
        post: {
          ...secured,
          summary: 'Free this device’s stream slot',
          responses: { '204': { description: 'Freed' }, ...errors },
        },
      },
      // Player URLs (device-api/README.md): what VLC, Kodi, TiviMate and mpv load with no header; the token is the credential.
      '/v1/p/{token}/playlist.m3u': {
        get: {
          security: [],
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
              headers: { ETag: { schema: { type: 'string' } } },
              content: { 'audio/x-mpegurl': { schema: { type: 'string' } } },
            },
            '304': { description: 'Not modified (If-None-Match matched the ETag)' },
            '400': errors['400'],
            '429': errors['429'],
            '403': problem(
              'TOKEN_INVALID (reissued, or the box was revoked or moved), DEVICE_REVOKED or ENTITLEMENT_DENIED',
            ),
          },
        },
      },
      '/v1/p/{token}/epg.xml': {
        get: {
          security: [],
          summary: 'Guide for the player’s channels as XMLTV (the playlist’s url-tvg)',
          parameters: [
            ...parametersOf(ZPlayerTokenParamsSchema, 'path'),
            ...parametersOf(ZEpgQuerySchema, 'query'),
          ],
          responses: {
            '200': {
              description: 'XMLTV (revalidated on every load)',
              headers: { ETag: { schema: { type: 'string' } } },
              content: { 'application/xml': { schema: { type: 'string' } } },
            },
            '304': { description: 'Not modified (If-None-Match matched the ETag)' },
            '400': errors['400'],
            '429': errors['429'],
            '403': problem('TOKEN_INVALID, DEVICE_REVOKED or ENTITLEMENT_DENIED'),
          },
        },
      },
      '/v1/p/{token}/live/{slug}.m3u8': {
        get: {
          security: [],
          summary:
            'A channel of the playlist: redirects to a signed HLS URL whose playlist requests count toward the concurrent-stream limit',
          parameters: parametersOf(ZPlayerStreamParamsSchema, 'path'),
          responses: {
            '302': {
              description:
                'Location: the signed master playlist (409 CONCURRENCY_LIMIT there when the account is full)',
              headers: { Location: { schema: { type: 'string', format: 'uri' } } },
            },
            '400': errors['400'],
            '403': problem('TOKEN_INVALID, DEVICE_REVOKED, or ENTITLEMENT_DENIED (field: slug)'),
            '404': problem('NOT_FOUND: the channel is not on air now'),
            '429': errors['429'],
          },
        },
      },
    },
  };
}

let document: ReturnType<typeof buildDocument> | undefined;

/** The OpenAPI 3.1 document, built once. */
export function deviceOpenApi() {
  document ??= buildDocument();
  return document;
}
