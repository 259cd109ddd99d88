import type { JobContext } from '@kits/plugin-sdk';
import { RULE_KIND_INFO, type RuleKind } from '../../shared/rule-kinds.ts';
import type { NotificationSettings } from '../settings.ts';
import { officeLink } from '../settings.ts';
import { digestMail, sendMail, singleMail, smtpMissing, type MailItem } from './mail.ts';
import { sendPush, vapidKeys, type PushEndpointPolicy, type StoredSubscription } from './push.ts';

interface DueMail {
  notification_id: string;
  rule_id: string;
  kind: RuleKind;
  title: string;
  body: string;
  link_path: string;
  created_at: Date | string;
  email_attempts: number;
  recipients: string[];
  digest: boolean;
}

/** Notifications taken per run and channel. */
const BATCH = 100;
/** After this many failed sends an email is given up on (its error stays on the notification). */
export const MAX_EMAIL_ATTEMPTS = 8;

const item = (row: DueMail): MailItem => ({
  title: row.title,
  body: row.body,
  linkPath: row.link_path,
  createdAt: new Date(row.created_at).toISOString(),
});

/**
 * Sends the emails that are due: one per notification, or one per digest rule listing every
 * notification of its hour. A failure waits a minute per attempt and is tried again; without SMTP
 * settings nothing is sent and nothing is spent (the centre says why). Rows are taken
 * `for update skip locked`; a send whose commit fails is sent again (at least once).
 */
export async function deliverMail(context: JobContext<NotificationSettings>): Promise<void> {
  const { tx, now, settings, log } = context;
  const due = await tx.query<DueMail>(
    `select n.notification_id, n.rule_id, n.kind, n.title, n.body, n.link_path, n.created_at, n.email_attempts, r.recipients, r.digest
       from notifications.notifications n join notifications.rules r on r.tenant_id = n.tenant_id and r.rule_id = n.rule_id
      where n.emailed_at is null and n.email_due_at <= $1 and n.email_attempts < $2
      order by n.notification_id limit ${BATCH} for update of n skip locked`,
    [now, MAX_EMAIL_ATTEMPTS],
  );
  if (due.length === 0) return;
  const missing = smtpMissing(settings);
  if (missing) {
    await tx.query('update notifications.notifications set email_error = $2 where notification_id = any($1::uuid[])', [
      due.map((d) => d.notification_id),
      missing,
    ]);
    return;
  }
  const groups = new Map<string, DueMail[]>();
  for (const row of due) {
    const key = row.digest ? `digest:${row.rule_id}` : row.notification_id;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const rows of groups.values()) {
    const first = rows[0]!;
    const ids = rows.map((r) => r.notification_id);
    if (first.recipients.length === 0) {
      // The rule lost its recipients after these were raised: nobody to email.
      await tx.query('update notifications.notifications set email_due_at = null where notification_id = any($1::uuid[])', [ids]);
      continue;
    }
    const mail = first.digest ? digestMail(settings, RULE_KIND_INFO[first.kind].title, rows.map(item)) : singleMail(settings, item(first));
    try {
      await sendMail(settings, first.recipients, mail);
      await tx.query(
        'update notifications.notifications set emailed_at = $2, email_error = null, email_attempts = email_attempts + 1 where notification_id = any($1::uuid[])',
        [ids, now],
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log.warn({ err: error, notifications: ids.length }, 'sending a notification email failed; will retry');
      await tx.query(
        `update notifications.notifications set email_attempts = email_attempts + 1, email_error = $2,
                email_due_at = $3::timestamptz + make_interval(mins => email_attempts + 1)
          where notification_id = any($1::uuid[])`,
        [ids, message.slice(0, 500), now],
      );
    }
  }
}

/**
 * Sends the web pushes that are due to every browser of the tenant that subscribed: the title, the
 * text and the office link, encrypted for each browser. A push service answering 404 or 410 has
 * dropped the subscription: it is forgotten.
 */
export async function deliverPush(context: JobContext<NotificationSettings>, allowed: PushEndpointPolicy): Promise<void> {
  const { tx, now, settings, log } = context;
  const due = await tx.query<{ notification_id: string; title: string; body: string; link_path: string }>(
    `select notification_id, title, body, link_path from notifications.notifications
      where pushed_at is null and push_due_at <= $1 order by notification_id limit ${BATCH} for update skip locked`,
    [now],
  );
  if (due.length === 0) return;
  const subscriptions = await tx.query<StoredSubscription>(
    'select subscription_id as id, endpoint, p256dh, auth from notifications.push_subscriptions order by subscription_id',
  );
  const keys = subscriptions.length > 0 ? await vapidKeys(tx) : undefined;
  if (keys) {
    const vapid = { subject: `mailto:${settings.smtp?.from ?? 'notifications@kits.invalid'}`, ...keys };
    const gone = new Set<string>();
    for (const notification of due) {
      const payload = JSON.stringify({
        id: notification.notification_id,
        title: notification.title,
        body: notification.body,
        url: officeLink(settings, notification.link_path),
      });
      for (const subscription of subscriptions) {
        if (gone.has(subscription.id)) continue;
        try {
          const status = await sendPush(subscription, payload, vapid, allowed);
          if (status === 404 || status === 410) gone.add(subscription.id);
          else if (status >= 400) log.warn({ status, subscription: subscription.id }, 'a push service refused a notification');
        } catch (error) {
          log.warn({ err: error, subscription: subscription.id }, 'a push service could not be reached');
        }
      }
    }
    if (gone.size > 0) await tx.query('delete from notifications.push_subscriptions where subscription_id = any($1::uuid[])', [[...gone]]);
  }
  await tx.query('update notifications.notifications set pushed_at = $2 where notification_id = any($1::uuid[])', [
    due.map((d) => d.notification_id),
    now,
  ]);
}
