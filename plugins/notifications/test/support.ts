import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { firstPartyPlugin } from '../../../testing/first-party-plugins.ts';

export const NOTIFICATIONS = fileURLToPath(new URL('..', import.meta.url));
export const INVENTORY = firstPartyPlugin('core-inventory');
export const PURCHASING = firstPartyPlugin('purchasing');
export { DATABASE_KINDS };
export const API = '/api/v1/notifications';
export const OFFICE_URL = 'https://shop.example/office';

/** A real SMTP server on the loopback (smtp-server) that keeps every message it accepts, parsed (mailparser). */
export interface Mailbox {
  readonly port: number;
  readonly messages: ParsedMail[];
  /** Envelope recipients of each message, in order. */
  readonly envelopes: string[][];
  close(): Promise<void>;
}

export async function startMailbox(credentials = { user: 'kits', pass: 'smtp-secret' }): Promise<Mailbox> {
  const messages: ParsedMail[] = [];
  const envelopes: string[][] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.pass) callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          envelopes.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { port, messages, envelopes, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The tenant settings that send through `mailbox`. */
export const smtpSettings = (mailbox: Mailbox) => ({
  officeUrl: OFFICE_URL,
  smtp: { host: '127.0.0.1', port: mailbox.port, secure: false, user: 'kits', password: 'smtp-secret', from: 'alerts@shop.example' },
});

export const notificationsKit = async (
  db: (typeof DATABASE_KINDS)[number],
  mailbox: Mailbox | undefined,
  plugins: string[] = [INVENTORY, NOTIFICATIONS],
  env: Record<string, string> = {},
) => withoutStarterRules(await createTestKernel({ plugins, db, env, settings: mailbox ? { notifications: smtpSettings(mailbox) } : {} }));

/**
 * The test tenant without the rules a tenant starts with (starter-rules.ts), so each test sets up
 * exactly the rules it proves; `starter-rules-notify-a-new-tenant.test.ts` proves those.
 */
export async function withoutStarterRules<Kit extends TestKernel>(kit: Kit, tenantId = kit.tenant.id): Promise<Kit> {
  await kit.kernel.db.query('delete from notifications.rules where tenant_id = $1', [tenantId]);
  return kit;
}

export interface RuleAnswer {
  id: string;
  kind: string;
  enabled: boolean;
  locationId: string | null;
  recipients: string[];
  digest: boolean;
  quietHours: { start: string; end: string } | null;
  push: boolean;
}

export const rule = (body: Record<string, unknown>) => ({ enabled: true, recipients: [], digest: false, push: false, ...body });

export async function addRule(kit: TestKernel, body: Record<string, unknown>, token?: string): Promise<RuleAnswer> {
  const answer = await kit.request<RuleAnswer>('POST', `${API}/rules`, { body: rule(body), ...(token ? { token } : {}) });
  if (answer.status !== 201) throw new Error(`add rule: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export interface NotificationAnswer {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  readAt: string | null;
  email: { state: string; dueAt: string | null; error: string | null };
}

export async function notifications(kit: TestKernel, token?: string): Promise<NotificationAnswer[]> {
  const answer = await kit.request<{ items: NotificationAnswer[] }>('GET', `${API}/notifications?limit=200`, token ? { token } : {});
  if (answer.status !== 200) throw new Error(`notifications: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.items;
}

/** Waits until `check` holds (events are delivered after commit, jobs run every few seconds). */
export async function until<T>(check: () => Promise<T | undefined | false>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits `ms` (to show that something did not happen in the time it would have taken). */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The plugin's rows, to show a refused request wrote nothing. */
export async function footprint(kit: TestKernel): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of [
    'notifications.rules',
    'notifications.conditions',
    'notifications.notifications',
    'notifications.push_subscriptions',
  ])
    out[table] = await kit.kernel.db.query(`select * from ${table} order by 1, 2`);
  return out;
}
