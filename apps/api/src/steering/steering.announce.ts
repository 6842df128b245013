import { ALERT_SEVERITIES, type TAlertSeverity } from '@keten/contracts';
import type { PrismaClient } from '@keten/db/client';
import type { Queue } from 'bullmq';
import { openWebhookSecret, type TWebhookKeyring } from '../alerts/alerts.secrets';
import { SIGNATURE_HEADER, signBody } from '../alerts/alerts.webhooks';
import { safeFetch, type TSafeFetchPolicy } from '../lib/safe-fetch';
import type { TSteeringEventKind } from './steering.decide';

/** Steering announcements go through the alert webhooks, on their own queue with the alerts' retry schedule. */
export const STEERING_WEBHOOKS_QUEUE = 'steering-webhooks';
export const STEERING_WEBHOOK_ATTEMPTS = 6;

export interface TSteeringAnnouncement {
  kind: Exclude<TSteeringEventKind, 'kept'>;
  edge: string;
  message: string;
  /** Who did it: the steering cycle, or an operator's e-mail. */
  by: string;
  at: string;
  figures: Record<string, unknown> | null;
}

const SEVERITY: Record<TSteeringAnnouncement['kind'], TAlertSeverity> = { steer: 'WARNING', return: 'INFO' };
const COLOR = { steer: '#f79009', return: '#12b76a' };

/** Slack-compatible JSON (like an alert's) with the structured `keten.steering` object. */
export function steeringMessage(announcement: TSteeringAnnouncement) {
  const headline =
    announcement.kind === 'steer'
      ? `[WARNING] EDGE STEERED: ${announcement.message}`
      : `EDGE RETURNED: ${announcement.message}`;
  return {
    text: headline,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `*${headline}*` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `by ${announcement.by} · ${announcement.at}` }] },
    ],
    attachments: [
      {
        color: COLOR[announcement.kind],
        fields: [{ title: 'Edge', value: announcement.edge, short: true }],
      },
    ],
    keten: { steering: { ...announcement, severity: SEVERITY[announcement.kind] } },
  };
}

const rank = (severity: string) => ALERT_SEVERITIES.indexOf(severity as TAlertSeverity);

/** One job per enabled webhook whose minimum severity the announcement reaches. */
export async function queueAnnouncements(
  prisma: PrismaClient,
  queue: Queue,
  announcements: TSteeringAnnouncement[],
  backoffMs: number,
) {
  if (announcements.length === 0) return;
  const webhooks = await prisma.alertWebhook.findMany({
    where: { enabled: true },
    select: { id: true, minSeverity: true },
  });
  const jobs = announcements.flatMap((announcement) =>
    webhooks
      .filter((webhook) => rank(SEVERITY[announcement.kind]) >= rank(webhook.minSeverity))
      .map((webhook) => ({
        name: 'announce',
        data: { webhookId: webhook.id, body: JSON.stringify(steeringMessage(announcement)) },
        opts: {
          attempts: STEERING_WEBHOOK_ATTEMPTS,
          backoff: { type: 'exponential', delay: backoffMs },
          removeOnComplete: { count: 1000 },
          removeOnFail: { count: 1000 },
        },
      })),
  );
  if (jobs.length > 0) await queue.addBulk(jobs);
}

/** One attempt: the body signed as alert messages are (`X-Keten-Signature`), through the operator-URL policy. */
export async function postAnnouncement(
  deps: { prisma: PrismaClient; webhookKeys: TWebhookKeyring; fetchPolicy?: TSafeFetchPolicy | undefined },
  webhookId: string,
  body: string,
  now = new Date(),
): Promise<{ delivered: boolean; error?: string }> {
  const webhook = await deps.prisma.alertWebhook.findUnique({ where: { id: webhookId } });
  if (!webhook?.enabled) return { delivered: true };
  const opened = openWebhookSecret(deps.webhookKeys, webhook.secret);
  // Sealed under a key no longer in WEBHOOK_SECRET_KEY: no retry can sign it (the alerts' deliveries say the same).
  if (!opened)
    return {
      delivered: false,
      error: 'signing secret unreadable (WEBHOOK_SECRET_KEY changed): recreate the webhook',
    };
  const result = await safeFetch(
    webhook.url,
    { timeoutMs: 10_000, maxBytes: 64 * 1024 },
    deps.fetchPolicy ?? {},
    {
      method: 'POST',
      body: Buffer.from(body),
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signBody(opened.secret, Math.floor(now.getTime() / 1000), body),
      },
    },
  );
  if (result.ok) return { delivered: true };
  return {
    delivered: false,
    error: result.reason === 'status' ? `answered ${result.status}` : `not delivered (${result.reason})`,
  };
}
