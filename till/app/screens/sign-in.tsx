import { useState } from 'preact/hooks';
import { pinSignIn, savedDevice, type TillSession } from '../session.ts';

/** Cashier sign-in with a PIN on this device. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: TillSession) => void }) {
  const device = savedDevice();
  const [tenant, setTenant] = useState(device?.tenant ?? '');
  const [deviceId, setDeviceId] = useState(device?.deviceId ?? '');
  const [email, setEmail] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await pinSignIn({ tenant, deviceId }, email, pin));
    } catch (failure) {
      setError((failure as Error).message);
      setPin('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="sign-in" onSubmit={submit}>
      <h1>KiTS POS</h1>
      <p class="hint">Sign in to this till</p>
      {!device && (
        <>
          <label>
            Store account
            <input name="tenant" value={tenant} onInput={(e) => setTenant(e.currentTarget.value)} autoComplete="off" required />
          </label>
          <label>
            Till device
            <input name="device" value={deviceId} onInput={(e) => setDeviceId(e.currentTarget.value)} autoComplete="off" required />
          </label>
        </>
      )}
      <label>
        Cashier
        <input name="email" type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} autoFocus required />
      </label>
      <label>
        PIN
        <input
          name="pin"
          type="password"
          inputMode="numeric"
          pattern="[0-9]{4,8}"
          value={pin}
          onInput={(e) => setPin(e.currentTarget.value)}
          required
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
