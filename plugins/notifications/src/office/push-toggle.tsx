import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, Button, Muted, Row, Stack } from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { API } from './notifications-api.ts';

// The worker sits beside the office bundle; a name in a variable keeps the bundler from inlining it.
const WORKER_FILE = 'push-worker.js';
const workerUrl = () => new URL(WORKER_FILE, import.meta.url).href;

type PushState =
  | { readonly kind: 'unsupported' }
  | { readonly kind: 'blocked' }
  | { readonly kind: 'off'; readonly permission: NotificationPermission; readonly problem?: string }
  | { readonly kind: 'on' };

const supported = () =>
  typeof navigator !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

async function currentState(): Promise<PushState> {
  if (!supported()) return { kind: 'unsupported' };
  if (Notification.permission === 'denied') return { kind: 'blocked' };
  const registration = await navigator.serviceWorker.getRegistration(workerUrl());
  const subscription = await registration?.pushManager.getSubscription();
  return subscription && Notification.permission === 'granted' ? { kind: 'on' } : { kind: 'off', permission: Notification.permission };
}

const base64urlToBytes = (text: string): Uint8Array<ArrayBuffer> => {
  const padded = text
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(text.length / 4) * 4, '=');
  const raw = atob(padded);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
};

/**
 * Waits until the worker is active. (`serviceWorker.ready` would wait for ever: the worker's scope
 * is the plugin's folder, not the office page, and push does not need it to control the page.)
 */
async function activated(registration: ServiceWorkerRegistration): Promise<void> {
  const worker = registration.installing ?? registration.waiting ?? registration.active;
  if (!worker || worker.state === 'activated') return;
  await within(
    10_000,
    new Promise<void>((resolve) => worker.addEventListener('statechange', () => worker.state === 'activated' && resolve())),
    'its service worker did not start',
  );
}

/** `work`, or a rejection saying `what` after `ms`. */
const within = <T,>(ms: number, work: Promise<T>, what: string): Promise<T> =>
  Promise.race([work, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(what)), ms))]);

/** Web push in this browser: its state (on, off, blocked, not possible) and the switch. */
export function PushToggle({ context }: { context: OfficePluginContext }) {
  const [state, setState] = useState<PushState | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void currentState().then(setState, (error: unknown) => setState({ kind: 'off', permission: 'default', problem: String(error) }));
  }, []);

  const turnOn = async () => {
    setBusy(true);
    try {
      const permission = await Notification.requestPermission();
      if (permission !== 'granted') {
        setState(permission === 'denied' ? { kind: 'blocked' } : { kind: 'off', permission });
        return;
      }
      const registration = await navigator.serviceWorker.register(workerUrl(), { type: 'classic' });
      await activated(registration);
      const { publicKey } = await context.api.get<{ publicKey: string }>(`${API}/push/key`);
      const subscription = await within(
        20_000,
        registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64urlToBytes(publicKey) }),
        'it did not answer within 20 seconds',
      );
      const json = subscription.toJSON() as { endpoint: string; keys: { p256dh: string; auth: string } };
      await context.api.post(`${API}/push/subscriptions`, { endpoint: json.endpoint, keys: json.keys });
      setState({ kind: 'on' });
      context.toasts.show('Push notifications are on in this browser', 'success');
    } catch (error) {
      setState({ kind: 'off', permission: Notification.permission, problem: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };

  const turnOff = async () => {
    setBusy(true);
    try {
      const registration = await navigator.serviceWorker.getRegistration(workerUrl());
      const subscription = await registration?.pushManager.getSubscription();
      if (subscription) {
        await context.api.post(`${API}/push/subscriptions/remove`, { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      setState({ kind: 'off', permission: Notification.permission });
    } catch (error) {
      context.toasts.show(error instanceof Error ? error.message : String(error), 'danger');
    } finally {
      setBusy(false);
    }
  };

  if (!state) return <Muted>Checking this browser…</Muted>;
  return (
    <Stack space={2}>
      <Row space={2} align="center">
        <span data-testid="push-state">
          {state.kind === 'on' ? (
            <Badge tone="success">On in this browser</Badge>
          ) : state.kind === 'blocked' ? (
            <Badge tone="danger">Blocked in this browser</Badge>
          ) : state.kind === 'unsupported' ? (
            <Badge tone="neutral">Not possible in this browser</Badge>
          ) : (
            <Badge tone="neutral">Off in this browser</Badge>
          )}
        </span>
        {state.kind === 'off' ? (
          <Button variant="secondary" busy={busy} onClick={() => void turnOn()}>
            Turn on push
          </Button>
        ) : state.kind === 'on' ? (
          <Button variant="ghost" busy={busy} onClick={() => void turnOff()}>
            Turn off push
          </Button>
        ) : null}
      </Row>
      <Muted>
        {state.kind === 'blocked'
          ? 'Notifications are blocked for this site: allow them in the browser’s site settings, then come back.'
          : state.kind === 'unsupported'
            ? 'This browser cannot receive push notifications; the bell and the emails still work.'
            : state.kind === 'off' && state.problem
              ? `Notifications are ${state.permission === 'granted' ? 'allowed' : 'not allowed yet'}, but the browser’s push service refused: ${state.problem}`
              : state.kind === 'off' && state.permission === 'granted'
                ? 'Notifications are allowed for this site; turn push on to receive them here.'
                : 'Rules with push on reach the browsers that turned it on.'}
      </Muted>
    </Stack>
  );
}
