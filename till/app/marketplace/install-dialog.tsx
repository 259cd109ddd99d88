import { useEffect, useRef } from 'preact/hooks';

/**
 * Asks before installing: the plugin, the version and every permission it asks for. A modal
 * `<dialog>` (Esc or Cancel closes it); nothing is installed until "Install and enable".
 */
export function InstallDialog({
  name,
  version,
  permissions,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  name: string;
  version: string;
  permissions: readonly string[];
  busy: boolean;
  error: string | undefined;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
    return () => dialog.current?.close();
  }, []);
  return (
    <dialog ref={dialog} class="install-dialog" aria-labelledby="install-title" onCancel={onCancel}>
      <h2 id="install-title">
        Install {name} {version}?
      </h2>
      {permissions.length > 0 ? (
        <>
          <p>It asks for these permissions. Staff you give them to can use what they allow:</p>
          <ul class="permission-list" data-testid="install-permissions">
            {permissions.map((permission) => (
              <li key={permission}>
                <code>{permission}</code>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>It asks for no permissions.</p>
      )}
      <p class="hint">It is enabled for the whole store at once; every till picks it up.</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="form-actions">
        <button type="button" class="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" class="primary" onClick={onConfirm} disabled={busy}>
          {busy ? 'Installing…' : 'Install and enable'}
        </button>
      </div>
    </dialog>
  );
}
