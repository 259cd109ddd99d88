import { useState } from 'preact/hooks';
import type { GatewayClient } from '../../src/sync/gateway-client.ts';
import { operatorApi, type PluginDetail } from './marketplace-api.ts';

/**
 * For operators (platform staff, who host the store): pin this plugin to a version or range for
 * the store's tenant. The till signs in tenant staff only, so the operator signs in here with their
 * own email and password; their token stays in this panel's memory and is gone when it closes.
 */
export function OperatorPin({ plugin, client, onPinned }: { plugin: PluginDetail; client: GatewayClient; onPinned: () => void }) {
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState<string>();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [version, setVersion] = useState(plugin.install?.versionRange ?? plugin.latest);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const api = operatorApi();

  const run = (action: () => Promise<void>) => async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    try {
      await action();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" class="secondary operator-open" onClick={() => setOpen(true)}>
        Operator: pin a version…
      </button>
    );
  }
  const close = () => {
    setOpen(false);
    setToken(undefined);
    setPassword('');
  };
  return (
    <div class="panel operator-pin" aria-label="Operator version pin">
      <h3>Pin a version for this store (operators)</h3>
      {!token ? (
        <form
          onSubmit={run(async () => {
            setToken(await api.signIn(email, password));
            setPassword('');
          })}
        >
          <p class="hint">Sign in with your operator account; it is used for this pin only and not kept on the till.</p>
          <label>
            Operator email
            <input name="operator-email" type="email" autocomplete="off" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
          </label>
          <label>
            Operator password
            <input
              name="operator-password"
              type="password"
              autocomplete="off"
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          <div class="form-actions">
            <button type="button" class="secondary" onClick={close}>
              Cancel
            </button>
            <button type="submit" class="primary" disabled={busy}>
              Sign in as operator
            </button>
          </div>
        </form>
      ) : (
        <form
          onSubmit={run(async () => {
            const me = await client.get<{ tenantId: string }>('/api/v1/auth/me');
            const pinned = await api.pin(token, me.tenantId, plugin.id, version.trim());
            setDone(`Pinned to ${pinned.versionRange}: the store runs ${pinned.version}.`);
            onPinned();
          })}
        >
          <label>
            Version or range
            <input name="pin-version" list="pin-versions" value={version} onInput={(e) => setVersion(e.currentTarget.value)} />
            <datalist id="pin-versions">
              {plugin.versions.map((known) => (
                <option key={known} value={known} />
              ))}
            </datalist>
          </label>
          <p class="hint">An exact version (1.0.0) or a range (^1, ~1.2). The store runs the newest release it allows.</p>
          <div class="form-actions">
            <button type="button" class="secondary" onClick={close}>
              Sign out operator
            </button>
            <button type="submit" class="primary" disabled={busy || version.trim() === ''}>
              Pin for this store
            </button>
          </div>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p class="done" role="status">
          {done}
        </p>
      )}
    </div>
  );
}
