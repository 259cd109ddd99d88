import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { keptStaff, staffOfThisTill, type StaffMember } from '../../src/auth/staff-list.ts';
import { PinField } from '../pin-field.tsx';
import { StaffPicker } from '../staff/staff-picker.tsx';
import { useSubmit } from '../use-submit.ts';
import { DeviceRevokedError, forgetDevice, pairDevice, pinSignIn, savedDevice, type DeviceSettings, type TillSession } from '../session.ts';

/** First the till is paired with a device (a code from an admin, once); then cashiers pick their name (or type their e-mail) and sign in with a PIN. */
export function SignIn({
  onSignedIn,
  onRevoked,
}: {
  onSignedIn: (session: TillSession) => void;
  /** The kernel refused the device as revoked: the till sends what it holds, then erases (decision D-198). */
  onRevoked: (device: DeviceSettings) => void;
}) {
  const [device, setDevice] = useState<DeviceSettings | undefined>(savedDevice());
  return device ? (
    <PinSignIn
      device={device}
      onSignedIn={onSignedIn}
      onRevoked={() => onRevoked(device)}
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

/**
 * Cashiers sign in here: a paired till lists the staff of its store (kept for offline starts) —
 * pick your name, then your PIN; or, the fallback, type your e-mail and PIN.
 */
function PinSignIn({
  device,
  onSignedIn,
  onRevoked,
  onForget,
}: {
  device: DeviceSettings;
  onSignedIn: (session: TillSession) => void;
  onRevoked: () => void;
  onForget: () => void;
}) {
  const [staff, setStaff] = useState<StaffMember[] | undefined>(() => keptStaff(localStorage, device.deviceId));
  // A till that never got its list asks once before showing a form, so the screen does not change under a cashier's hands.
  const [asking, setAsking] = useState(() => device.deviceKey !== undefined && staff === undefined);
  const [picked, setPicked] = useState<StaffMember>();
  const [byEmail, setByEmail] = useState(false);
  const [email, setEmail] = useState('');
  const [pin, setPin] = useState('');
  const pinInput = useRef<HTMLInputElement>(null);
  // A name picked: the PIN field takes the keys at once.
  useLayoutEffect(() => {
    if (picked) pinInput.current?.focus();
  }, [picked]);
  useEffect(() => {
    let current = true;
    void staffOfThisTill(localStorage, device).then((found) => {
      if (!current) return;
      setStaff(found);
      setAsking(false);
    });
    return () => {
      current = false;
    };
  }, [device]);
  const { error, busy, submit } = useSubmit(
    async () => {
      try {
        onSignedIn(await pinSignIn(device, picked ? { userId: picked.id, name: picked.name } : { email }, pin));
      } catch (failure) {
        if (failure instanceof DeviceRevokedError) return onRevoked();
        throw failure;
      }
    },
    () => setPin(''),
  );
  const where = (
    <p class="hint">
      {device.deviceName ?? 'This till'} · {device.tenant}
    </p>
  );
  const failure = error && (
    <p class="error" role="alert">
      {error}
    </p>
  );
  const pairAgain = (
    <button type="button" class="link" onClick={onForget}>
      Pair this till as another device
    </button>
  );
  const listed = !byEmail && staff !== undefined && staff.length > 0;

  if (asking)
    return (
      <div class="sign-in">
        <h1>KiTS POS</h1>
        {where}
        <p class="loading" role="status">
          Finding who works here…
        </p>
      </div>
    );
  if (listed && !picked)
    return (
      <div class="sign-in staff-sign-in">
        <h1>KiTS POS</h1>
        {where}
        <h2 id="who-signs-in">Who is signing in?</h2>
        <StaffPicker staff={staff} label="Who is signing in?" onPick={(person) => (setPicked(person), setPin(''))} />
        <button type="button" class="link" onClick={() => setByEmail(true)}>
          Sign in with e-mail
        </button>
        {pairAgain}
      </div>
    );
  return (
    <form class="sign-in" onSubmit={submit}>
      <h1>KiTS POS</h1>
      {where}
      {picked ? (
        <p class="signing-in" data-testid="signing-in">
          {picked.name}
        </p>
      ) : (
        <label>
          Cashier
          <input name="email" type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} autoFocus required />
        </label>
      )}
      <PinField
        label="PIN"
        name="pin"
        value={pin}
        onInput={setPin}
        inputRef={pinInput}
        autoComplete="current-password"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && picked) setPicked(undefined);
        }}
      />
      {failure}
      <button type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {picked ? (
        <button type="button" class="link" onClick={() => setPicked(undefined)}>
          Not {picked.name}? Pick another name (Esc)
        </button>
      ) : (
        staff !== undefined &&
        staff.length > 0 && (
          <button type="button" class="link" onClick={() => setByEmail(false)}>
            Pick your name from the list
          </button>
        )
      )}
      {pairAgain}
    </form>
  );
}
