import {
  badRequest,
  conflict,
  decodeCursor,
  notFound,
  Nullable,
  Page,
  PageQuery,
  pageOf,
  pageRequest,
  Timestamp,
  Type,
  unprocessable,
  Uuid,
  type RouteRegistrar,
} from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { MAX_EMAIL_ATTEMPTS } from '../delivery/deliver.ts';
import { sendMail, singleMail, smtpMissing } from '../delivery/mail.ts';
import type { PushEndpointPolicy } from '../delivery/push.ts';
import { MANAGE, READ, type NotificationSettings } from '../settings.ts';

export const NotificationSchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  link: Type.String({ description: 'the office page, below /office (`/purchasing/purchase-orders/…`)' }),
  createdAt: Timestamp,
  readAt: Nullable(Timestamp),
  email: Type.Object({
    state: Type.Union([Type.Literal('none'), Type.Literal('waiting'), Type.Literal('sent'), Type.Literal('failed')]),
    dueAt: Nullable(Timestamp),
    error: Nullable(Type.String()),
  }),
});

interface NotificationRow {
  notification_id: string;
  kind: string;
  title: string;
  body: string;
  link_path: string;
  created_at: Date | string;
  read_at: Date | string | null;
  email_due_at: Date | string | null;
  emailed_at: Date | string | null;
  email_attempts: number;
  email_error: string | null;
}
/** A notification's columns with when `person` (a `$n` parameter) read it. */
const columnsFor = (person: string) =>
  `n.notification_id, n.kind, n.title, n.body, n.link_path, n.created_at, n.email_due_at, n.emailed_at, n.email_attempts, n.email_error,
   (select r.read_at from notifications.reads r where r.notification_id = n.notification_id and r.person_id = ${person}) as read_at`;
/** Not read by `person` (a `$n` parameter). */
const unreadBy = (person: string) =>
  `not exists (select 1 from notifications.reads r where r.notification_id = n.notification_id and r.person_id = ${person})`;
/** The bell counts this far, then says "99+". */
const UNREAD_COUNTED = 100;
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
const emailState = (row: NotificationRow) =>
  row.email_due_at === null ? 'none' : row.emailed_at !== null ? 'sent' : row.email_attempts >= MAX_EMAIL_ATTEMPTS ? 'failed' : 'waiting';

const notificationOf = (row: NotificationRow) => ({
  id: row.notification_id,
  kind: row.kind,
  title: row.title,
  body: row.body,
  link: row.link_path,
  createdAt: iso(row.created_at)!,
  readAt: iso(row.read_at),
  email: { state: emailState(row), dueAt: iso(row.email_due_at), error: row.email_error },
});

const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
const Base64Url = (bytes: number) =>
  Type.String({ pattern: '^[A-Za-z0-9_-]+={0,2}$', minLength: Math.floor((bytes * 4) / 3), maxLength: Math.ceil((bytes * 4) / 3) + 2 });
const SubscriptionBody = Type.Object(
  {
    endpoint: Type.String({ format: 'uri', maxLength: 2000 }),
    keys: Type.Object({ p256dh: Base64Url(65), auth: Base64Url(16) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

/** The notification centre (`/notifications`), web push subscriptions (`/push`) and the SMTP test send. */
export function registerCentreRoutes(routes: RouteRegistrar<NotificationSettings>, allowedPushEndpoint: PushEndpointPolicy): void {
  routes.get('/notifications', {
    permission: READ,
    schema: {
      summary: 'Notifications, newest first (the office’s notification centre)',
      querystring: PageQuery({ unread: Type.Optional(Type.Boolean({ description: 'only those the signed-in person has not read' })) }),
      response: { 200: Page(NotificationSchema) },
    },
    async handler(request) {
      const page = pageRequest(request.query);
      const after = decodeCursor(page.cursor, ['uuid']);
      const rows = await request.tx.query<NotificationRow>(
        `select ${columnsFor('$4')} from notifications.notifications n
          where ($1::uuid is null or n.notification_id < $1::uuid) and (not $2 or ${unreadBy('$4')})
          order by n.notification_id desc limit $3`,
        [after?.[0] ?? null, request.query.unread === true, page.limit + 1, request.actor.id],
      );
      return pageOf(rows, page.limit, notificationOf, (row) => [row.notification_id]);
    },
  });

  routes.get('/notifications/unread-count', {
    permission: READ,
    schema: {
      summary: 'How many notifications the signed-in person has not read (the bell’s count, counted up to 100)',
      response: {
        200: Type.Object({
          unread: Type.Integer({ minimum: 0, maximum: UNREAD_COUNTED, description: `at most ${UNREAD_COUNTED}: the bell says 99+` }),
        }),
      },
    },
    async handler(request) {
      const [row] = await request.tx.query<{ unread: number }>(
        `select count(*)::int as unread from (select 1 from notifications.notifications n where ${unreadBy('$1')} limit ${UNREAD_COUNTED}) unread`,
        [request.actor.id],
      );
      return { unread: row?.unread ?? 0 };
    },
  });

  routes.post('/notifications/:id/read', {
    permission: READ,
    schema: { summary: 'Marks a notification read for the signed-in person', params: IdParams, response: { 200: NotificationSchema } },
    async handler(request) {
      await request.tx.query(
        `insert into notifications.reads (tenant_id, person_id, notification_id)
         select n.tenant_id, $2, n.notification_id from notifications.notifications n where n.notification_id = $1
         on conflict do nothing`,
        [request.params.id, request.actor.id],
      );
      const [row] = await request.tx.query<NotificationRow>(
        `select ${columnsFor('$2')} from notifications.notifications n where n.notification_id = $1`,
        [request.params.id, request.actor.id],
      );
      if (!row) throw notFound('notifications.unknown_notification', `There is no notification ${request.params.id}.`);
      return notificationOf(row);
    },
  });

  routes.post('/notifications/read-all', {
    permission: READ,
    schema: {
      summary: 'Marks every notification read for the signed-in person',
      response: { 200: Type.Object({ marked: Type.Integer() }) },
    },
    async handler(request) {
      const rows = await request.tx.query(
        `insert into notifications.reads (tenant_id, person_id, notification_id)
         select n.tenant_id, $1, n.notification_id from notifications.notifications n where ${unreadBy('$1')}
         on conflict do nothing returning 1`,
        [request.actor.id],
      );
      return { marked: rows.length };
    },
  });

  routes.get('/push/key', {
    permission: READ,
    schema: {
      summary: 'The tenant’s VAPID public key, for a browser’s push subscription',
      response: { 200: Type.Object({ publicKey: Type.String() }) },
    },
    async handler(request) {
      const [row] = await request.tx.query<{ public_key: string }>('select public_key from notifications.vapid_keys where tenant_id = $1', [
        request.tenantId,
      ]);
      if (!row) throw conflict('notifications.push_not_ready', 'Web push keys are made when the plugin is enabled; enable it again.');
      return { publicKey: row.public_key };
    },
  });

  routes.post('/push/subscriptions', {
    permission: READ,
    schema: {
      summary: 'Subscribes this browser to web push (its PushSubscription)',
      body: SubscriptionBody,
      response: { 201: Type.Object({ id: Uuid }) },
    },
    async handler(request, reply) {
      const { endpoint, keys } = request.body;
      if (!allowedPushEndpoint(endpoint))
        throw badRequest(
          'notifications.push_endpoint_refused',
          'That is not the address of a known push service (https, a browser’s push service).',
          {
            field: 'body.endpoint',
          },
        );
      const key = Buffer.from(keys.p256dh, 'base64url');
      if (key.length !== 65 || key[0] !== 4)
        throw badRequest('notifications.bad_push_key', 'keys.p256dh is not a P-256 public key (65 bytes, uncompressed).', {
          field: 'body.keys.p256dh',
        });
      if (Buffer.from(keys.auth, 'base64url').length !== 16)
        throw badRequest('notifications.bad_push_key', 'keys.auth is not a 16-byte authentication secret.', { field: 'body.keys.auth' });
      const [row] = await request.tx.query<{ subscription_id: string }>(
        `insert into notifications.push_subscriptions (tenant_id, subscription_id, user_id, endpoint, p256dh, auth) values ($1, $2, $3, $4, $5, $6)
         on conflict (tenant_id, endpoint) do update set user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth
         returning subscription_id`,
        [request.tenantId, uuidv7(), request.actor.id, endpoint, keys.p256dh, keys.auth],
      );
      reply.status(201);
      return { id: row!.subscription_id };
    },
  });

  routes.post('/push/subscriptions/remove', {
    permission: READ,
    schema: {
      summary: 'Stops web push to this browser',
      body: Type.Object({ endpoint: Type.String({ format: 'uri', maxLength: 2000 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ removed: Type.Boolean() }) },
    },
    async handler(request) {
      const rows = await request.tx.query('delete from notifications.push_subscriptions where endpoint = $1 returning 1', [
        request.body.endpoint,
      ]);
      return { removed: rows.length > 0 };
    },
  });

  routes.post('/smtp/test', {
    permission: MANAGE,
    schema: {
      summary: 'Sends a test email through the SMTP settings',
      body: Type.Object({ to: Type.String({ format: 'email', maxLength: 254 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ messageId: Type.String() }) },
    },
    async handler(request) {
      const missing = smtpMissing(request.settings);
      if (missing) throw conflict('notifications.smtp_not_configured', missing);
      try {
        return await sendMail(
          request.settings,
          [request.body.to],
          singleMail(request.settings, {
            title: 'KiTS test email',
            body: 'Your notification emails reach this address.',
            linkPath: '/notifications/settings',
            createdAt: new Date().toISOString(),
          }),
        );
      } catch (error) {
        throw unprocessable(
          'notifications.smtp_failed',
          `The SMTP server refused or could not be reached: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },
  });
}
