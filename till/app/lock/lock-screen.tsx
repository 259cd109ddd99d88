import { useEffect, useRef, useState } from 'preact/hooks';
import { PinField } from '../pin-field.tsx';
import { confirmPin, type TillSession } from '../session.ts';
import { useSubmit } from '../use-submit.ts';

/**
 * Over the till while it is locked: only the signed-in cashier's PIN opens it again (checked on
 * the till, so offline too); anyone else signs out, which leaves the cashier's sales in the log.
 */
export function LockScreen({ session, onUnlock, onSignOut }: { session: TillSession; onUnlock: () => void; onSignOut: () => void }) {
  const [pin, setPin] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const { error, busy, submit } = useSubmit(
    async () => {
      await confirmPin(session, pin);
      onUnlock();
    },
    () => setPin(''),
  );
  // The PIN field takes the keys at once, whatever had focus in the till beneath.
  useEffect(() => input.current?.focus(), [error]);
  return (
    // Keys typed here stay here: the till's own shortcuts (Enter for the next sale, F-keys) must not act beneath.
    <div class="lock-screen" role="dialog" aria-modal="true" aria-label="Till locked" onKeyDown={(event) => event.stopPropagation()}>
      <form class="sign-in" onSubmit={submit}>
        <h1>Locked</h1>
        <p class="hint">{session.cashier} · enter your PIN to go on</p>
        <PinField label="PIN" name="unlock-pin" value={pin} onInput={setPin} inputRef={input} />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Unlock'}
        </button>
        <button type="button" class="link" onClick={onSignOut}>
          Sign out (another cashier)
        </button>
      </form>
    </div>
  );
}
