import type { OperatorConfig, TenantTransaction } from '@kits/plugin-sdk';
import webPush from 'web-push';

/** The push services browsers subscribe with (https only): Chrome/Edge (FCM), Firefox, Safari, Windows. */
const PUSH_SERVICE_HOSTS = [
  /^fcm\.googleapis\.com$/,
  /^android\.googleapis\.com$/,
  /^updates\.push\.services\.mozilla\.com$/,
  /^[a-z0-9.-]*\.push\.apple\.com$/,
  /^[a-z0-9.-]*\.notify\.windows\.com$/,
];

/** Whether the server may post to a subscription endpoint (it posts where a browser says: only to push services). */
export type PushEndpointPolicy = (endpoint: string) => boolean;

/**
 * The browsers' push services, and the origins the operator adds for a push service of their own
 * (`PLUGIN_NOTIFICATIONS__PUSH_ORIGINS`, comma separated, `https://push.internal:8443` or — tests —
 * `http://127.0.0.1:4567`): the server posts to subscription endpoints, so only known push services
 * are reached (no server-side request forgery).
 */
export function pushEndpointPolicy(operator: OperatorConfig): PushEndpointPolicy {
  const operatorOrigins = new Set(
    (operator.get('PUSH_ORIGINS') ?? '')
      .split(',')
      .map((o) => o.trim().replace(/\/+$/, ''))
      .filter(Boolean),
  );
  return (endpoint) => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return false;
    }
    if (operatorOrigins.has(url.origin)) return true;
    return (
      url.protocol === 'https:' && (url.port === '' || url.port === '443') && PUSH_SERVICE_HOSTS.some((host) => host.test(url.hostname))
    );
  };
}

export const VAPID_PURPOSE = 'vapid-private-key';

/** The tenant's VAPID key pair, made once when the plugin is enabled (the private key sealed). */
export async function ensureVapidKeys(tx: TenantTransaction): Promise<void> {
  const [have] = await tx.query('select 1 from notifications.vapid_keys where tenant_id = $1', [tx.tenantId]);
  if (have) return;
  const keys = webPush.generateVAPIDKeys();
  await tx.query(
    'insert into notifications.vapid_keys (tenant_id, public_key, private_key_sealed) values ($1, $2, $3) on conflict (tenant_id) do nothing',
    [tx.tenantId, keys.publicKey, tx.secrets.seal(VAPID_PURPOSE, keys.privateKey)],
  );
}

export async function vapidKeys(tx: TenantTransaction): Promise<{ publicKey: string; privateKey: string } | undefined> {
  const [row] = await tx.query<{ public_key: string; private_key_sealed: string }>(
    'select public_key, private_key_sealed from notifications.vapid_keys where tenant_id = $1',
    [tx.tenantId],
  );
  const privateKey = row && tx.secrets.open(VAPID_PURPOSE, row.private_key_sealed);
  return row && privateKey ? { publicKey: row.public_key, privateKey } : undefined;
}

export interface StoredSubscription {
  readonly id: string;
  readonly endpoint: string;
  readonly p256dh: string;
  readonly auth: string;
}

/**
 * Sends one push message: encrypted (aes128gcm, RFC 8291) and signed (VAPID, RFC 8292) by web-push,
 * posted with fetch — web-push's own sender speaks https only, and an operator's push service may not.
 * Answers the push service's status; no redirects are followed.
 */
export async function sendPush(
  subscription: StoredSubscription,
  payload: string,
  vapid: { subject: string; publicKey: string; privateKey: string },
  allowed: PushEndpointPolicy,
): Promise<number> {
  if (!allowed(subscription.endpoint)) return 410;
  const request = webPush.generateRequestDetails(
    { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
    payload,
    { vapidDetails: vapid, TTL: 24 * 3600, contentEncoding: 'aes128gcm' },
  );
  const response = await fetch(request.endpoint, {
    method: request.method,
    headers: request.headers as Record<string, string>,
    body: new Uint8Array(request.body as Buffer),
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  });
  await response.body?.cancel();
  return response.status;
}
