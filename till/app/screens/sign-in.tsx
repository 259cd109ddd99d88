import { useState } from 'preact/hooks';
import { useSubmit } from '../use-submit.ts';
import { forgetDevice, pairDevice, pinSignIn, savedDevice, type DeviceSettings, type TillSession } from '../session.ts';

/** First the till is paired with a device (a code from an admin, once); then cashiers sign in with a PIN. */
export function SignIn({ onSignedIn }: { onSignedIn: (session: TillSession) => void }) {
  const [device, setDevice] = useState<DeviceSettings | undefined>(savedDevice());
  return device ? (
    <PinSignIn
      device={device}
      onSignedIn={onSignedIn}
      onForget={() => {
        forgetDevice();
        setDevice(undefined);
      }}
    />
  ) : (
    <Pairing onPaired={setDevice} />
  );
}

function Pairing({ onPaired }: { onPaired: (device: DeviceSettings) => void }) {
  const [code, setCode] = useState('');
  const { error, busy, submit } = useSubmit(async () => onPaired(await pairDevice(code)));
  return (
    <form class="sign-in" onSubmit={submit}>
      <h1>KiTS POS</h1>
      <p class="hint">Pair this till: enter the code from the back office (Devices → Pair a till).</p>
      <label>
        Pairing code
        <input
          name="code"
          value={code}
          onInput={(e) => setCode(e.currentTarget.value)}
          autoComplete="off"
          autoFocus
          required
          maxLength={20}
        />
      </label>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Pairing…' : 'Pair this till'}
      </button>
    </form>
  );
}

function PinSignIn({
  device,
  onSignedIn,
  onForget,
}: {
  device: DeviceSettings;
  onSignedIn: (session: TillSession) => void;
  onForget: () => void;
}) {
  const [email, setEmail] = useState('');
  const [pin, setPin] = useState('');
  const { error, busy, submit } = useSubmit(
    async () => onSignedIn(await pinSignIn(device, email, pin)),
    () => setPin(''),
  );
  return (
    <form class="sign-in" onSubmit={submit}>
      <h1>KiTS POS</h1>
      <p class="hint">
        {device.deviceName ?? 'This till'} · {device.tenant}
      </p>
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
          autoComplete="current-password"
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
      <button type="button" class="link" onClick={onForget}>
        Pair this till as another device
      </button>
    </form>
  );
}
