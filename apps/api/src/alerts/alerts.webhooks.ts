import { createHmac, timingSafeEqual } from 'node:crypto';
import { formatAlertFigure } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import { safeFetch, type TSafeFetchPolicy } from '../lib/safe-fetch';
import { openWebhookSecret, type TWebhookKeyring } from './alerts.secrets';
import { dimensionText } from './alerts.words';

/** The header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const SIGNATURE_HEADER = 'x-keten-signature';
/** A receiver should refuse a message whose timestamp is further than this from its own clock (replays). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
const TIMEOUT_MS = 10_000;

export function signBody(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/** What a receiver does (and the tests): the header's timestamp is recent and one v1 matches the body. */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const parts = header.split(',').map((part) => part.split('=', 2) as [string, string | undefined]);
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS)
    return false;
  const expected = Buffer.from(signBody(secret, timestamp, body).split('v1=')[1] ?? '', 'hex');
  return parts
    .filter(([key]) => key === 'v1')
    .some(([, value]) => {
      const given = Buffer.from(value ?? '', 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}

const COLORS = { FIRING: { CRITICAL: '#d92d20', WARNING: '#f79009', INFO: '#2e90fa' }, RESOLVED: '#12b76a' };

export interface TWebhookAlert {
  id: string;
  ruleId: string;
  ruleName: string;
  severity: 'INFO' | 'WARNING' | 'CRITICAL';
  metric: string;
  comparator: string;
  threshold: number;
  value: number;
  peakValue: number;
  dimensions: Record<string, string>;
  message: string;
  firedAt: Date | null;
  resolvedAt: Date | null;
}

/**
 * Slack-compatible JSON (incoming webhooks read `text`, `blocks` and `attachments`; other receivers take the
 * structured `keten` object).
 */
export function webhookMessage(alert: TWebhookAlert, transition: 'FIRING' | 'RESOLVED') {
  const headline =
    transition === 'FIRING'
      ? `[${alert.severity}] FIRING: ${alert.message}`
      : `RESOLVED: ${alert.ruleName}${
          Object.keys(alert.dimensions).length > 0 ? ` · ${dimensionText(alert.dimensions)}` : ''
        } (worst ${formatAlertFigure(alert.metric, alert.peakValue)}, now ${formatAlertFigure(alert.metric, alert.value)})`;
  const color = transition === 'FIRING' ? COLORS.FIRING[alert.severity] : COLORS.RESOLVED;
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*` } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: `rule *${alert.ruleName}* · ${alert.metric} ${alert.comparator} ${alert.threshold} · fired ${alert.firedAt?.toISOString() ?? '-'}${alert.resolvedAt ? ` · resolved ${alert.resolvedAt.toISOString()}` : ''}`,
          },
        ],
      },
    ],
    attachments: [
      {
        color,
        fields: [
          { title: 'Severity', value: alert.severity, short: true },
          { title: 'Value', value: String(alert.value), short: true },
          ...Object.entries(alert.dimensions).map(([title, value]) => ({ title, value, short: true })),
        ],
      },
    ],
    keten: {
      transition,
      alertId: alert.id,
      ruleId: alert.ruleId,
      rule: alert.ruleName,
      severity: alert.severity,
      metric: alert.metric,
      comparator: alert.comparator,
      threshold: alert.threshold,
      value: alert.value,
      peakValue: alert.peakValue,
      dimensions: alert.dimensions,
      firedAt: alert.firedAt?.toISOString() ?? null,
      resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    },
  };
}

export type TDeliveryOutcome =
  | { delivered: true }
  | { delivered: false; error: string; statusCode: number | null; gone: boolean };

/**
 * One attempt of one delivery: POST the signed message, record the attempt on the delivery row. `final` marks the
 * last attempt BullMQ will make (a failure then is FAILED, before that it stays PENDING for the next retry).
 */
export async function attemptDelivery(
  deps: { prisma: PrismaClient; webhookKeys: TWebhookKeyring; fetchPolicy?: TSafeFetchPolicy | undefined },
  deliveryId: string,
  final: boolean,
  now = new Date(),
): Promise<TDeliveryOutcome> {
  const delivery = await deps.prisma.alertDelivery.findUnique({
    where: { id: deliveryId },
    include: { webhook: true, event: { include: { rule: true } } },
  });
  // Deleted webhook or alert (cascade): nothing is owed any more.
  if (!delivery)
    return { delivered: false, error: 'delivery no longer exists', statusCode: null, gone: true };
  if (delivery.status === 'DELIVERED') return { delivered: true };
  const { webhook, event } = delivery;
  const opened = openWebhookSecret(deps.webhookKeys, webhook.secret);
  if (!opened) {
    // Sealed under a key no longer in WEBHOOK_SECRET_KEY: no retry can sign it; the webhook must be recreated.
    const error = 'signing secret unreadable (WEBHOOK_SECRET_KEY changed): recreate the webhook';
    await deps.prisma.alertDelivery.update({
      where: { id: delivery.id },
      data: { attempts: { increment: 1 }, lastAttemptAt: now, status: 'FAILED', lastError: error },
    });
    return { delivered: false, error, statusCode: null, gone: true };
  }
  const body = JSON.stringify(
    webhookMessage(
      {
        id: event.id,
        ruleId: event.ruleId,
        ruleName: event.rule.name,
        severity: event.severity,
        metric: event.rule.metric,
        comparator: event.rule.comparator,
        threshold: event.threshold,
        value: event.value,
        peakValue: event.peakValue,
        dimensions: (event.dimensions ?? {}) as Record<string, string>,
        message: event.message,
        firedAt: event.firedAt,
        resolvedAt: delivery.transition === 'RESOLVED' ? event.resolvedAt : null,
      },
      delivery.transition as 'FIRING' | 'RESOLVED',
    ),
  );
  const timestamp = Math.floor(now.getTime() / 1000);
  const result = await safeFetch(
    webhook.url,
    { timeoutMs: TIMEOUT_MS, maxBytes: 64 * 1024 },
    deps.fetchPolicy ?? {},
    {
      method: 'POST',
      body: Buffer.from(body),
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(opened.secret, timestamp, body),
        'x-keten-delivery': delivery.id,
      },
    },
  );
  const attempt = { attempts: { increment: 1 }, lastAttemptAt: now };
  if (result.ok) {
    await deps.prisma.alertDelivery.update({
      where: { id: delivery.id },
      data: {
        ...attempt,
        status: 'DELIVERED',
        deliveredAt: now,
        lastStatusCode: result.status,
        lastError: null,
      },
    });
    return { delivered: true };
  }
  const statusCode = result.reason === 'status' ? result.status : null;
  const error =
    result.reason === 'status'
      ? `answered ${result.status} ${result.statusText}`
      : result.reason === 'too-large'
        ? 'answer too large'
        : 'unreachable (refused address, DNS, connection or timeout)';
  await deps.prisma.alertDelivery.update({
    where: { id: delivery.id },
    data: { ...attempt, status: final ? 'FAILED' : 'PENDING', lastStatusCode: statusCode, lastError: error },
  });
  return { delivered: false, error, statusCode, gone: false };
}
