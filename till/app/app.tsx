import { useEffect, useState } from 'preact/hooks';
import { Checkout } from './screens/checkout.tsx';
import { ResolutionQueue, useDeniedSales } from './screens/resolution-queue.tsx';
import { Marketplace } from './screens/marketplace.tsx';
import { SettingsScreen } from './screens/settings.tsx';
import { ShiftScreen } from './screens/shift.tsx';
import { TodaysSales } from './screens/todays-sales.tsx';
import { SignIn } from './screens/sign-in.tsx';
import { lockAfterMs, useIdleLock } from './lock/idle-lock.ts';
import { LockScreen } from './lock/lock-screen.tsx';
import { SlotView } from './plugins/slot-view.tsx';
import type { TillSession } from './session.ts';
import { TillCheckout } from './till-checkout.ts';
import { startTill, type TillRuntime } from './till-runtime.ts';

/** `checkout`, `shift`, `today`, `resolve`, `settings`, `plugins`, or the key of a plugin's `menu` screen. */
type Screen = string;

const CHECKOUT_SHORTCUT = 'F2';
const SHIFT_SHORTCUT = 'F3';
const RESOLVE_SHORTCUT = 'F4';

/** Opens a screen by its shortcut key (F2 checkout, F3 the shift, F4 the resolution queue, the keys plugins ask for their screens). */
function useScreenShortcuts(runtime: TillRuntime | undefined, open: (screen: Screen) => void) {
  useEffect(() => {
    const keys = new Map<string, Screen>([
      [CHECKOUT_SHORTCUT, 'checkout'],
      [SHIFT_SHORTCUT, 'shift'],
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

/** The till: sign in, then the checkout and the screens plugins add to the menu. */
export function App() {
  const [session, setSession] = useState<TillSession>();
  const [runtime, setRuntime] = useState<TillRuntime>();
  const [checkout, setCheckout] = useState<TillCheckout>();
  const [screen, setScreen] = useState<Screen>('checkout');
  const [online, setOnline] = useState(false);
  const [waiting, setWaiting] = useState(0);
  const [problem, setProblem] = useState<string>();
  const [syncing, setSyncing] = useState(false);
  useScreenShortcuts(runtime, setScreen);
  const idle = useIdleLock(session !== undefined, lockAfterMs);
  const signOut = () => {
    void runtime?.stop();
    setRuntime(undefined);
    setCheckout(undefined);
    setScreen('checkout');
    setProblem(undefined);
    idle.unlock();
    setSession(undefined);
  };

  useEffect(() => {
    if (!session) return;
    let closed = false;
    void startTill(session)
      .then(async (started) => {
        if (closed) return;
        started.live.status$.subscribe((status) => setOnline(status === 'open'));
        started.push.status$.subscribe((status) => setWaiting(status.waiting));
        // The checkout opens at once on what the till kept; a first start fills the catalogue meanwhile.
        setSyncing(true);
        void started.ready.catch(() => undefined).finally(() => setSyncing(false));
        setRuntime(started);
        setCheckout(await TillCheckout.start(started));
      })
      .catch((error: Error) => setProblem(error.message));
    return () => {
      closed = true;
    };
  }, [session]);

  if (!session) return <SignIn onSignedIn={setSession} />;
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
            <button
              type="button"
              class={screen === 'shift' ? 'current' : ''}
              onClick={() => setScreen('shift')}
              title={`Shift (${SHIFT_SHORTCUT})`}
            >
              Shift
            </button>
            <button type="button" class={screen === 'today' ? 'current' : ''} onClick={() => setScreen('today')}>
              Today
            </button>
            {runtime && <ResolveButton runtime={runtime} current={screen === 'resolve'} onOpen={() => setScreen('resolve')} />}
            {runtime?.plugins.slots.of('menu').map((entry) => (
              <button
                type="button"
                key={entry.key}
                class={screen === entry.key ? 'current' : ''}
                onClick={() => setScreen(entry.key)}
                title={entry.shortcut ? `${entry.title} (${entry.shortcut})` : entry.title}
              >
                {entry.title}
              </button>
            ))}
            <button type="button" class={screen === 'settings' ? 'current' : ''} onClick={() => setScreen('settings')}>
              Settings
            </button>
            <button
              type="button"
              class={screen === 'plugins' ? 'current' : ''}
              onClick={() => setScreen('plugins')}
              title="The marketplace: find, install and configure plugins; the plugins on this till"
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
          {!runtime || !checkout ? (
            !problem && <p class="loading">Opening the till…</p>
          ) : (
            <>
              {syncing && <CatalogueProgress runtime={runtime} />}
              {runtime.plugins.failed.map((failure) => (
                <p class="plugin-failed" role="alert" key={failure.id}>
                  {failure.displayName} is not available on this till: {failure.reason}
                </p>
              ))}
              <ScreenView screen={screen} runtime={runtime} checkout={checkout} />
            </>
          )}
        </main>
      </div>
    </>
  );
}

/** The screen on show: the checkout, or a plugin's menu screen (inside its error box). */
function ScreenView({ screen, runtime, checkout }: { screen: Screen; runtime: TillRuntime; checkout: TillCheckout }) {
  if (screen === 'resolve') return <ResolutionQueue runtime={runtime} checkout={checkout} />;
  if (screen === 'today') return <TodaysSales runtime={runtime} currency={checkout.pricing.currency} />;
  if (screen === 'settings') return <SettingsScreen runtime={runtime} />;
  if (screen === 'plugins') return <Marketplace runtime={runtime} />;
  if (screen === 'shift') return <ShiftScreen runtime={runtime} pricing={checkout.pricing} />;
  const contribution = runtime.plugins.slots.of('menu').find((entry) => entry.key === screen);
  if (!contribution) return <Checkout checkout={checkout} />;
  return <SlotView key={contribution.key} contribution={contribution} props={{}} />;
}

/** The resolution queue in the menu, with how many sales wait there. */
function ResolveButton({ runtime, current, onOpen }: { runtime: TillRuntime; current: boolean; onOpen: () => void }) {
  const waiting = useDeniedSales(runtime).length;
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
function CatalogueProgress({ runtime }: { runtime: TillRuntime }) {
  const [count, setCount] = useState<number>();
  useEffect(() => {
    const subscription = runtime.db.catalog.count().$.subscribe(setCount);
    return () => subscription.unsubscribe();
  }, [runtime]);
  return (
    <p class="catalogue-progress" role="status">
      Getting products from the server{count !== undefined ? `: ${count.toLocaleString()} so far` : '…'}
    </p>
  );
}
