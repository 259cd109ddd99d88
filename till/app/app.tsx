import { useEffect, useState } from 'preact/hooks';
import { SignIn } from './screens/sign-in.tsx';
import { StockLookup } from './screens/stock-lookup.tsx';
import type { TillSession } from './session.ts';
import { startTill, type TillRuntime } from './till-runtime.ts';

/** The till: sign in, then the screens (stock lookup for now; checkout and the rest follow). */
export function App() {
  const [session, setSession] = useState<TillSession>();
  const [runtime, setRuntime] = useState<TillRuntime>();
  const [online, setOnline] = useState(false);

  useEffect(() => {
    if (!session) return;
    let closed = false;
    void startTill(session).then((started) => {
      if (closed) return;
      setRuntime(started);
      started.live.status$.subscribe((status) => setOnline(status === 'open'));
    });
    return () => {
      closed = true;
    };
  }, [session]);

  if (!session) return <SignIn onSignedIn={setSession} />;
  return (
    <div class="till">
      <header class="till-bar">
        <span class="brand">KiTS POS</span>
        <span class="who">{session.cashier}</span>
        <span class={`status ${online ? 'online' : 'offline'}`} data-testid="connection">
          {online ? 'Online' : 'Offline'}
        </span>
      </header>
      <main class="till-main">{runtime ? <StockLookup runtime={runtime} /> : <p class="loading">Opening the till…</p>}</main>
    </div>
  );
}
