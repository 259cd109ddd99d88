import type { Observable } from 'rxjs';
import { BehaviorSubject, Subject, distinctUntilChanged, filter, map, share } from 'rxjs';
import type { GatewayClient } from './gateway-client.ts';

/**
 * The kernel's live stream (`/api/v1/sync/live`): a WebSocket that says which event types the
 * tenant's commits published. `newsFor(types)` emits when any of them did; reconnects with backoff.
 */
/** The close code the kernel sends when the token is missing or expired. */
const SIGN_IN_FIRST = 4401;

export function liveStream(client: GatewayClient, options: { WebSocketImpl?: typeof WebSocket; retryMs?: number } = {}) {
  const changes = new Subject<readonly string[]>();
  // The current state for late subscribers (a screen opened after the socket connected).
  const status = new BehaviorSubject<'connecting' | 'open' | 'closed'>('connecting');
  const Impl = options.WebSocketImpl ?? WebSocket;
  let socket: WebSocket | undefined;
  let stopped = false;
  let retry = options.retryMs ?? 1_000;

  /** Reconnects later, backing off; `renew` when the kernel refused the token (it expired). */
  const reconnect = (renew: boolean) => {
    status.next('closed');
    if (stopped) return;
    setTimeout(() => void connect(renew), retry);
    retry = Math.min(retry * 2, 30_000);
  };
  const connect = async (renew = false) => {
    if (stopped) return;
    const target = await client.liveSocket({ renew }).catch(() => undefined);
    if (!target) return reconnect(renew);
    socket = new Impl(target.url, target.protocols);
    socket.onopen = () => {
      retry = options.retryMs ?? 1_000;
      status.next('open');
    };
    socket.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as { changed?: string[] };
      // Reconnecting may have missed news: a fresh connection counts as "everything changed".
      if (data.changed) changes.next(data.changed);
      else changes.next(['*']);
    };
    socket.onclose = (event) => reconnect(event.code === SIGN_IN_FIRST);
  };
  void connect();

  const shared = changes.pipe(share());
  return {
    status$: status.pipe(distinctUntilChanged()),
    /** Emits when a commit published one of these event types (or the stream reconnected). */
    newsFor(types: readonly string[]): Observable<void> {
      return shared.pipe(
        filter((changed) => changed.includes('*') || changed.some((t) => types.includes(t))),
        map(() => undefined),
      );
    },
    /** The network went away (the browser says so): drop the socket now, reconnect with backoff. */
    drop() {
      socket?.close();
    },
    close() {
      stopped = true;
      socket?.close();
    },
  };
}
