import type { Observable } from 'rxjs';
import { Subject, filter, map, share } from 'rxjs';
import type { GatewayClient } from './gateway-client.ts';

/**
 * The kernel's live stream (`/api/v1/sync/live`): a WebSocket that says which event types the
 * tenant's commits published. `newsFor(types)` emits when any of them did; reconnects with backoff.
 */
export function liveStream(client: GatewayClient, options: { WebSocketImpl?: typeof WebSocket; retryMs?: number } = {}) {
  const changes = new Subject<readonly string[]>();
  const status = new Subject<'open' | 'closed'>();
  const Impl = options.WebSocketImpl ?? WebSocket;
  let socket: WebSocket | undefined;
  let stopped = false;
  let retry = options.retryMs ?? 1_000;

  const connect = () => {
    if (stopped) return;
    const { url, protocols } = client.liveSocket();
    socket = new Impl(url, protocols);
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
    socket.onclose = () => {
      status.next('closed');
      if (stopped) return;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 30_000);
    };
  };
  connect();

  const shared = changes.pipe(share());
  return {
    status$: status.asObservable(),
    /** Emits when a commit published one of these event types (or the stream reconnected). */
    newsFor(types: readonly string[]): Observable<void> {
      return shared.pipe(
        filter((changed) => changed.includes('*') || changed.some((t) => types.includes(t))),
        map(() => undefined),
      );
    },
    close() {
      stopped = true;
      socket?.close();
    },
  };
}
