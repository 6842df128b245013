import { EDGE_LOG_MAX_LINES } from '@keten/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TDeps } from '../deps';
import { KetenError, RetryLaterError } from '../lib/errors';
import { sendProblem } from '../lib/problem';
import type { TDeliveryIngest } from './delivery-ingest';
import { parseEdgeLog } from './edge-logs.service';
import { edgeOfToken } from './edges.service';

// 10,000 lines of ~400 bytes with room to spare.
const BODY_LIMIT_BYTES = 8 * 1024 * 1024;
export const EDGE_LOG_CONTENT_TYPE = 'application/x-ndjson';

const bearerOf = (request: FastifyRequest) => {
  const header = request.headers.authorization;
  return typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : '';
};

/**
 * `POST /v1/edge-logs`: a CDN edge's request log (NDJSON, README "Edge logs"), authenticated by the edge's own
 * token (console: Delivery → Edges). 202 with a per-line report once the good lines are fsync'd to the delivery
 * spool; 400 INVALID_INPUT with the same per-line issues when no line could be stored.
 */
export function registerEdgeLogRoutes(
  app: FastifyInstance,
  deps: Pick<TDeps, 'prisma'>,
  ingest: TDeliveryIngest['ingest'],
) {
  app.register(async (scope) => {
    scope.addContentTypeParser(EDGE_LOG_CONTENT_TYPE, { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
    scope.post('/v1/edge-logs', { bodyLimit: BODY_LIMIT_BYTES }, async (request, reply) => {
      const edge = await edgeOfToken(deps.prisma, bearerOf(request));
      if (!edge) throw new KetenError('TOKEN_INVALID', 'Unknown or revoked edge token.');
      if (typeof request.body !== 'string') {
        return sendProblem(reply, 415, {
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: `Send the log as ${EDGE_LOG_CONTENT_TYPE}, one JSON object per line.`,
        });
      }
      const text = request.body;
      let count = 0;
      for (
        let at = text.indexOf('\n');
        at !== -1 && count <= EDGE_LOG_MAX_LINES;
        at = text.indexOf('\n', at + 1)
      )
        count++;
      if (count > EDGE_LOG_MAX_LINES) {
        return sendProblem(reply, 413, {
          code: 'PAYLOAD_TOO_LARGE',
          message: `At most ${EDGE_LOG_MAX_LINES} lines per request; send the rest in another.`,
        });
      }
      const parsed = parseEdgeLog(text, edge.name);
      if (parsed.report.accepted === 0) {
        const first = parsed.issues[0] ?? { field: 'body', message: 'holds no log line' };
        throw new KetenError('INVALID_INPUT', `${first.field} ${first.message}`, first.field, {
          issues: parsed.issues.length > 0 ? parsed.issues : [first],
        });
      }
      const outcome = await ingest.acceptLines(parsed.lines, parsed.report.accepted);
      if (outcome === 'busy') {
        throw new RetryLaterError('INGEST_BUSY', 'Delivery spool is full; send this log again later.', 1);
      }
      // Not awaited: when the edge last reported is for people, not worth a round trip in the answer.
      void deps.prisma.cdnEdge
        .update({ where: { id: edge.id }, data: { lastSeenAt: new Date() } })
        .catch(() => undefined);
      return reply.status(202).send(parsed.report);
    });
  });
}
