import { useEffect, useState } from 'preact/hooks';
import { Checkout } from './screens/checkout.tsx';
import { SignIn } from './screens/sign-in.tsx';
import { StockLookup } from './screens/stock-lookup.tsx';
import type { TillSession } from './session.ts';
import { TillCheckout } from './till-checkout.ts';
import { startTill, type TillRuntime } from './till-runtime.ts';

type Screen = 'checkout' | 'stock';

/** The till: sign in, then checkout and stock lookup (the other screens follow). */
export function App() {
  const [session, setSession] = useState<TillSession>();
  const [runtime, setRuntime] = useState<TillRuntime>();
  const [checkout, setCheckout] = useState<TillCheckout>();
  const [screen, setScreen] = useState<Screen>('checkout');
  const [online, setOnline] = useState(false);
  const [waiting, setWaiting] = useState(0);
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    if (!session) return;
    let closed = false;
    void startTill(session)
      .then(async (started) => {
        if (closed) return;
        started.live.status$.subscribe((status) => setOnline(status === 'open'));
        started.push.status$.subscribe((status) => setWaiting(status.waiting));
        await started.ready.catch(() => undefined);
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
    <div class="till">
      <header class="till-bar">
        <span class="brand">KiTS POS</span>
        <nav>
          <button type="button" class={screen === 'checkout' ? 'current' : ''} onClick={() => setScreen('checkout')}>
            Checkout
          </button>
          <button type="button" class={screen === 'stock' ? 'current' : ''} onClick={() => setScreen('stock')}>
            Stock
          </button>
        </nav>
        <span class="who">{session.cashier}</span>
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
        ) : screen === 'checkout' ? (
          <Checkout checkout={checkout} />
        ) : (
          <StockLookup runtime={runtime} />
        )}
      </main>
    </div>
  );
}
