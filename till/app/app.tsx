import { useEffect, useRef, useState } from 'preact/hooks';
import { ApprovalDialogHost } from './approvals/manager-approval-dialog.tsx';
import { ResolutionQueue, useDeniedEvents } from './screens/resolution-queue.tsx';
import { Marketplace } from './screens/marketplace.tsx';
import { SettingsScreen } from './screens/settings.tsx';
import { SignIn } from './screens/sign-in.tsx';
import { lockAfterMs, useIdleLock } from './lock/idle-lock.ts';
import { LockScreen } from './lock/lock-screen.tsx';
import { SlotView } from './plugins/slot-view.tsx';
import type { SlotContribution } from '../src/plugins/slot-registry.ts';
import { savedDevice, type DeviceSettings, type TillSession } from './session.ts';
import { useSignedOutHeartbeat } from './devices/signed-out-heartbeat.ts';
import { finishRevokedWhileSignedOut, startTill, type TillRuntime, type TillStanding } from './till-runtime.ts';
import { RevokedNotice, UpdateNotice } from './devices/till-notices.tsx';

/** `checkout` (the sale screen), `resolve`, `settings`, `plugins`, or the key of a plugin's `menu` screen. */
type Screen = string;

const CHECKOUT_SHORTCUT = 'F2';
const RESOLVE_SHORTCUT = 'F4';

/** Opens a screen by its shortcut key (F2 the sale screen, F4 the resolution queue, the keys plugins ask for their screens: F3 the shift). */
function useScreenShortcuts(runtime: TillRuntime | undefined, open: (screen: Screen) => void) {
  useEffect(() => {
    const keys = new Map<string, Screen>([
      [CHECKOUT_SHORTCUT, 'checkout'],
      [RESOLVE_SHORTCUT, 'resolve'],
    ]);
    for (const screen of runtime?.plugins.slots.of('menu') ?? [])
      if (screen.shortcut && !keys.has(screen.shortcut)) keys.set(screen.shortcut, screen.key);
    const onKey = (event: KeyboardEvent) => {
      const screen = keys.get(event.key);
      if (!screen) return;
      event.preventDefault();
      open(screen);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [runtime]);
}

/**
 * The menu's plugin screens: those of the plugin whose sale screen is shown sit beside it (the
 * shift, today's sales), before the resolution queue; the other plugins' screens come after it.
 */
function menuOf(runtime: TillRuntime | undefined) {
  const entries = runtime?.plugins.slots.of('menu') ?? [];
  const seller = runtime?.plugins.slots.saleScreen()?.pluginId;
  return {
    sale: entries.filter((entry) => entry.pluginId === seller),
    other: entries.filter((entry) => entry.pluginId !== seller),
  };
}

/** The till: sign in, then the sale screen and the screens plugins add to the menu. */
export function App() {
  const [session, setSession] = useState<TillSession>();
  const [runtime, setRuntime] = useState<TillRuntime>();
  const [screen, setScreen] = useState<Screen>('checkout');
  const [online, setOnline] = useState(false);
  const [waiting, setWaiting] = useState(0);
  const [problem, setProblem] = useState<string>();
  const [syncing, setSyncing] = useState(false);
  const [standing, setStanding] = useState<TillStanding>({ updateRequired: null, revoked: null });
  useScreenShortcuts(runtime, setScreen);
  const menus = menuOf(runtime);
  const idle = useIdleLock(session !== undefined, lockAfterMs);
  // The last runtime's stop: its database must be closed before the till opens it again without a cashier.
  const stopped = useRef<Promise<void>>(Promise.resolve());
  const revokedSignedOut = useRef(false);
  const signOut = () => {
    stopped.current = runtime?.stop().catch(() => undefined) ?? Promise.resolve();
    setRuntime(undefined);
    setScreen('checkout');
    setProblem(undefined);
    idle.unlock();
    setSession(undefined);
  };

  useEffect(() => {
    if (!session) return;
    let closed = false;
    void startTill(session)
      .then((started) => {
        if (closed) return;
        started.live.status$.subscribe((status) => setOnline(status === 'open'));
        started.push.status$.subscribe((status) => setWaiting(status.waiting));
        started.standing$.subscribe(setStanding);
        // The checkout opens at once on what the till kept; a first start fills the catalog meanwhile.
        setSyncing(true);
        void started.ready.catch(() => undefined).finally(() => setSyncing(false));
        setRuntime(started);
      })
      .catch((error: Error) => setProblem(error.message));
    return () => {
      closed = true;
    };
  }, [session]);

  /** Revoked while nobody is signed in (at sign-in, or by its heartbeat): send what it holds, then erase (decision D-198). */
  const finishRevokedSignedOut = (device: DeviceSettings) => {
    if (revokedSignedOut.current) return;
    revokedSignedOut.current = true;
    setStanding((now) => ({ ...now, revoked: { state: 'sending' } }));
    // As a signed-in till does: tried again every 30 s until nothing is left to send.
    const attempt = () =>
      void stopped.current
        .then(() => finishRevokedWhileSignedOut(device))
        .then((outcome) => {
          setStanding((now) => ({
            ...now,
            revoked: outcome.erased ? { state: 'erased' } : { state: 'waiting', waiting: outcome.waiting, reason: outcome.reason },
          }));
          if (!outcome.erased) setTimeout(attempt, 30_000);
        });
    attempt();
  };
  useSignedOutHeartbeat(session || standing.revoked ? undefined : savedDevice(), finishRevokedSignedOut);

  if (standing.revoked) return <RevokedNotice revoked={standing.revoked} />;
  if (!session) return <SignIn onSignedIn={setSession} onRevoked={finishRevokedSignedOut} />;
  return (
    <>
      {idle.locked && <LockScreen session={session} onUnlock={idle.unlock} onSignOut={signOut} />}
      <div class="till" inert={idle.locked}>
        <header class="till-bar">
          <span class="brand">KiTS POS</span>
          <nav>
            <button
              type="button"
              class={screen === 'checkout' ? 'current' : ''}
              onClick={() => setScreen('checkout')}
              title={`Checkout (${CHECKOUT_SHORTCUT})`}
            >
              Checkout
            </button>
            {menus.sale.map((entry) => (
              <MenuButton key={entry.key} entry={entry} current={screen === entry.key} onOpen={() => setScreen(entry.key)} />
            ))}
            {runtime && <ResolveButton runtime={runtime} current={screen === 'resolve'} onOpen={() => setScreen('resolve')} />}
            {menus.other.map((entry) => (
              <MenuButton key={entry.key} entry={entry} current={screen === entry.key} onOpen={() => setScreen(entry.key)} />
            ))}
            <button type="button" class={screen === 'settings' ? 'current' : ''} onClick={() => setScreen('settings')}>
              Settings
            </button>
            <button
              type="button"
              class={screen === 'plugins' ? 'current' : ''}
              onClick={() => setScreen('plugins')}
              title="The plugins on this till; the marketplace is in the back office"
            >
              Plugins
            </button>
          </nav>
          <span class="who">{session.cashier}</span>
          <button type="button" class="lock" onClick={idle.lock} title="Lock the till (your PIN opens it)">
            Lock
          </button>
          {waiting > 0 && (
            <span class="waiting" data-testid="waiting">
              {waiting} to send
            </span>
          )}
          <span class={`status ${online ? 'online' : 'offline'}`} data-testid="connection">
            {online ? 'Online' : 'Offline'}
          </span>
        </header>
        <main class="till-main">
          {problem && (
            <p class="error" role="alert">
              {problem}
            </p>
          )}
          {standing.updateRequired && <UpdateNotice minimum={standing.updateRequired} />}
          {!runtime ? (
            !problem && <p class="loading">Opening the till…</p>
          ) : (
            <>
              {syncing && <CatalogProgress runtime={runtime} />}
              {runtime.plugins.failed.map((failure) => (
                <p class="plugin-failed" role="alert" key={failure.id}>
                  {failure.displayName} is not available on this till: {failure.reason}
                </p>
              ))}
              <ScreenView screen={screen} runtime={runtime} />
              <ApprovalDialogHost runtime={runtime} />
            </>
          )}
        </main>
      </div>
    </>
  );
}

/** The screen on show: the sale screen, the till's own, or a plugin's menu screen (each plugin's inside its error box). */
function ScreenView({ screen, runtime }: { screen: Screen; runtime: TillRuntime }) {
  if (screen === 'resolve') return <ResolutionQueue runtime={runtime} />;
  if (screen === 'settings') return <SettingsScreen runtime={runtime} />;
  if (screen === 'plugins') return <Marketplace runtime={runtime} />;
  const contribution = runtime.plugins.slots.of('menu').find((entry) => entry.key === screen);
  if (contribution) return <SlotView key={contribution.key} contribution={contribution} props={{}} />;
  const sale = runtime.plugins.slots.saleScreen();
  if (sale) return <SlotView key={sale.key} contribution={sale} props={{}} />;
  return (
    <p class="placeholder" role="status">
      No sales plugin is on this till: enable one (Sales, say) under Plugins to sell here.
    </p>
  );
}

/** A plugin's screen in the menu, with its shortcut key in the tooltip. */
function MenuButton({ entry, current, onOpen }: { entry: SlotContribution; current: boolean; onOpen: () => void }) {
  return (
    <button
      type="button"
      class={current ? 'current' : ''}
      onClick={onOpen}
      title={entry.shortcut ? `${entry.title} (${entry.shortcut})` : entry.title}
    >
      {entry.title}
    </button>
  );
}

/** The resolution queue in the menu, with how many sales wait there. */
function ResolveButton({ runtime, current, onOpen }: { runtime: TillRuntime; current: boolean; onOpen: () => void }) {
  const waiting = useDeniedEvents(runtime).length;
  return (
    <button type="button" class={current ? 'current' : ''} onClick={onOpen} title={`To resolve (${RESOLVE_SHORTCUT})`}>
      To resolve
      {waiting > 0 && (
        <span class="badge" data-testid="to-resolve">
          {waiting}
        </span>
      )}
    </button>
  );
}

/** While the first pull runs: how many products the till has so far (a scan may not know a product yet). */
function CatalogProgress({ runtime }: { runtime: TillRuntime }) {
  const [count, setCount] = useState<number>();
  useEffect(() => {
    const subscription = runtime.db.catalog.count().$.subscribe(setCount);
    return () => subscription.unsubscribe();
  }, [runtime]);
  return (
    <p class="catalog-progress" role="status">
      Getting products from the server{count !== undefined ? `: ${count.toLocaleString()} so far` : '…'}
    </p>
  );
}
