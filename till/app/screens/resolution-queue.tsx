import type { ComponentChildren } from 'preact';
import type { TillLoggedEvent, TillResolverProps } from '@kits/plugin-sdk/till';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { pluginEventLog } from '../../src/plugins/plugin-event-log.ts';
import type { DeniedEventResolver } from '../../src/plugins/denied-event-resolvers.ts';
import { SlotErrorBox } from '../plugins/slot-view.tsx';
import type { TillRuntime } from '../till-runtime.ts';

/** The events of this till the server denied, kept current as the sync agent records answers. */
export function useDeniedEvents(runtime: TillRuntime): TillLoggedEvent[] {
  const [denied, setDenied] = useState<TillLoggedEvent[]>([]);
  const log = useMemo(() => pluginEventLog(runtime.db, runtime.session.deviceId, () => runtime.push.flush()), [runtime]);
  useEffect(() => log.watch({ status: 'denied' }, setDenied), [log]);
  return denied;
}

/**
 * The resolution queue: what the server denied after the till did it offline (a sale of stock that
 * was not there, say). Each plugin resolves its own events (`context.resolution.resolveDenied`);
 * an event no plugin resolves is shown with the server's reason and can be dismissed.
 */
export function ResolutionQueue({ runtime }: { runtime: TillRuntime }) {
  const queue = useDeniedEvents(runtime);
  const [done, setDone] = useState<string>();
  const [error, setError] = useState<string>();
  const log = useMemo(() => pluginEventLog(runtime.db, runtime.session.deviceId, () => runtime.push.flush()), [runtime]);
  const report = {
    done: (message: string) => (setError(undefined), setDone(message)),
    failed: (message: string) => setError(message),
  };
  return (
    <section class="resolution-queue">
      <h2>To resolve</h2>
      {done && (
        <p class="done" role="status">
          {done}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {queue.length === 0 && <p class="placeholder">Nothing to resolve: every sale of this till was accepted.</p>}
      {queue.map((event) => {
        const resolver = runtime.plugins.resolvers.for(event.type);
        return resolver ? (
          <ResolverView key={event.id} resolver={resolver} event={event} {...report} />
        ) : (
          <UnclaimedEvent key={event.id} event={event} dismiss={() => log.resolve(event.id).then(() => report.done('Dismissed.'))} />
        );
      })}
    </section>
  );
}

/** A plugin's resolver of one denied event, inside its error box. */
function ResolverView({
  resolver,
  event,
  done,
  failed,
}: {
  resolver: DeniedEventResolver;
  event: TillLoggedEvent;
  done: (message: string) => void;
  failed: (message: string) => void;
}) {
  const Resolve = resolver.component as unknown as (props: TillResolverProps) => ComponentChildren;
  return (
    <SlotErrorBox pluginId={resolver.pluginId} pluginName={resolver.pluginName} where="resolution">
      <Resolve event={event} done={done} failed={failed} />
    </SlotErrorBox>
  );
}

/** A denied event no plugin on this till resolves: what it was, why the server said no, and dismiss. */
function UnclaimedEvent({ event, dismiss }: { event: TillLoggedEvent; dismiss: () => Promise<void> }) {
  const answer = (event.answer ?? {}) as { code?: string; reason?: string };
  return (
    <article class="denied-sale" data-testid="denied-event">
      <header>
        <h3>{event.type}</h3>
        <span class="when">{new Date(event.occurredAt).toLocaleString()}</span>
      </header>
      <p class="reason">{answer.reason ?? answer.code ?? 'The server refused it.'}</p>
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void dismiss()}>
          Dismiss
        </button>
      </div>
    </article>
  );
}
