import { forgetDevice } from '../session.ts';
import type { TillStanding } from '../till-runtime.ts';
import { TILL_VERSION } from '../till-version.ts';

/** Shown above every screen while the shop requires a newer till: selling goes on, sending waits. */
export function UpdateNotice({ minimum }: { minimum: string }) {
  return (
    <p class="plugin-failed" role="alert" data-testid="update-required">
      This till must be updated: it runs version {TILL_VERSION} and the shop needs {minimum} or newer. Keep selling — the sales are kept on
      this till and sent once it is updated. Ask your manager to update the till app.
    </p>
  );
}

/** In place of the till once it was revoked from the back office: its last sales going out, then its data gone. */
export function RevokedNotice({ revoked }: { revoked: NonNullable<TillStanding['revoked']> }) {
  return (
    <div class="sign-in" role="alert" data-testid="till-revoked">
      <h1>This till was revoked</h1>
      {revoked.state === 'sending' && <p class="hint">A manager revoked it in the back office. Sending the sales it still holds…</p>}
      {revoked.state === 'waiting' && (
        <>
          <p class="hint">
            {revoked.waiting} {revoked.waiting === 1 ? 'sale is' : 'sales are'} still to be sent; they go as soon as the server can be
            reached, and nothing is erased before.
          </p>
          <p class="error">{revoked.reason}</p>
        </>
      )}
      {revoked.state === 'erased' && (
        <>
          <p class="hint">
            Every sale it held was sent, and its data has been erased from this computer. To sell here again, pair it as a new till.
          </p>
          <button
            type="button"
            onClick={() => {
              forgetDevice();
              window.location.reload();
            }}
          >
            Pair this computer again
          </button>
        </>
      )}
    </div>
  );
}
