import { useEffect, useState } from 'preact/hooks';
import type { GatewayClient } from '../../src/sync/gateway-client.ts';
import { InstallDialog } from './install-dialog.tsx';
import { marketplaceApi, type PluginDetail } from './marketplace-api.ts';
import { OperatorPin } from './operator-pin.tsx';
import { SettingsForm } from './settings-form.tsx';

const day = (iso: string) => new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** Why this kernel would not install the plugin, if it would not. */
function notInstallable(plugin: PluginDetail): string | undefined {
  if (!plugin.trustedPublisher) return `This platform does not install plugins published by "${plugin.publisher}"; ask your operator.`;
  if (!plugin.kernelCompatible) return `The latest release needs kernel ${plugin.kernel}, which this platform does not run.`;
  return undefined;
}

/** One plugin: what it does, who publishes it, the permissions it asks for, its releases; install, enable, disable, settings. */
export function PluginDetailView({ pluginId, client, onBack }: { pluginId: string; client: GatewayClient; onBack: () => void }) {
  const api = marketplaceApi(client);
  const [plugin, setPlugin] = useState<PluginDetail>();
  const [loadError, setLoadError] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const reload = () =>
    api.detail(pluginId).then(
      (detail) => {
        setPlugin(detail);
        setLoadError(undefined);
      },
      (failure: Error) => setLoadError(failure.message),
    );
  useEffect(() => {
    void reload();
  }, [pluginId]);

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await action();
      setConfirming(false);
      await reload();
    } catch (failure) {
      setActionError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (loadError) {
    return (
      <div class="plugin-detail">
        <button type="button" class="secondary back" onClick={onBack}>
          ← All plugins
        </button>
        <p class="error" role="alert">
          {loadError}
        </p>
      </div>
    );
  }
  if (!plugin) return <p class="loading">Loading the plugin…</p>;

  const { install } = plugin;
  const latest = plugin.releases.find((release) => release.version === plugin.latest);
  // The permissions of the version the store runs, or of the one an install would take.
  const shownVersion = install?.version ?? plugin.latest;
  const shownPermissions = plugin.releases.find((release) => release.version === shownVersion)?.permissions ?? plugin.permissions;
  const refusal = notInstallable(plugin);
  const hasSettings = plugin.settingsSchema !== null && Object.keys(plugin.settingsSchema.properties ?? {}).length > 0;
  return (
    <article class="plugin-detail" aria-labelledby="plugin-title">
      <button type="button" class="secondary back" onClick={onBack}>
        ← All plugins
      </button>
      <header class="plugin-head">
        <div>
          <h2 id="plugin-title">{plugin.displayName}</h2>
          <p class="plugin-meta">
            {plugin.id} · latest {plugin.latest} · by <strong>{plugin.publisherName}</strong>
            {plugin.publisherName !== plugin.publisher && ` (${plugin.publisher})`}
          </p>
        </div>
        <span class={`state ${install ? (install.enabled ? 'enabled' : 'disabled') : 'available'}`} data-testid="plugin-state">
          {install ? `${install.enabled ? 'Enabled' : 'Disabled'} · ${install.version}` : 'Not installed'}
        </span>
      </header>
      {plugin.description && <p class="plugin-description">{plugin.description}</p>}

      <div class="plugin-actions">
        {!plugin.canManage ? (
          <p class="hint">Installing and configuring plugins needs the permission kernel:plugins.manage.</p>
        ) : !install ? (
          <>
            <button type="button" class="primary" disabled={busy || refusal !== undefined} onClick={() => setConfirming(true)}>
              Install…
            </button>
            {refusal && <p class="hint">{refusal}</p>}
          </>
        ) : install.enabled ? (
          <button type="button" class="secondary" disabled={busy} onClick={() => void act(() => api.disable(plugin.id))}>
            Disable
          </button>
        ) : (
          <button type="button" class="primary" disabled={busy} onClick={() => void act(() => api.enable(plugin.id))}>
            Enable
          </button>
        )}
        {install && (
          <span class="hint">
            Runs {install.version} · version range {install.versionRange === '*' ? 'any' : install.versionRange}
          </span>
        )}
      </div>
      {actionError && !confirming && (
        <p class="error" role="alert">
          {actionError}
        </p>
      )}

      <div class="plugin-columns">
        <section class="panel" aria-label="Permissions">
          <h3>Permissions {shownVersion} asks for</h3>
          {shownPermissions.length > 0 ? (
            <ul class="permission-list">
              {shownPermissions.map((permission) => (
                <li key={permission}>
                  <code>{permission}</code>
                </li>
              ))}
            </ul>
          ) : (
            <p class="hint">None.</p>
          )}
          {Object.keys(plugin.requires).length > 0 && (
            <p class="hint">
              Needs{' '}
              {Object.entries(plugin.requires)
                .map(([capability, range]) => `${capability} ${range}`)
                .join(', ')}{' '}
              from another enabled plugin.
            </p>
          )}
        </section>
        <section class="panel" aria-label="Versions">
          <h3>Versions</h3>
          <table class="releases">
            <thead>
              <tr>
                <th>Version</th>
                <th>Published</th>
                <th>Kernel</th>
              </tr>
            </thead>
            <tbody>
              {plugin.releases.map((release) => (
                <tr key={release.version} class={release.yanked ? 'yanked' : ''}>
                  <td>
                    {release.version}
                    {install?.version === release.version && <span class="tag">running</span>}
                  </td>
                  <td>{day(release.publishedAt)}</td>
                  <td>
                    {release.kernel}
                    {release.yanked
                      ? ` · withdrawn${release.yankReason ? `: ${release.yankReason}` : ''}`
                      : !release.kernelCompatible && ' · not for this platform'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>

      {install && plugin.canManage && hasSettings && (
        <section class="panel settings-panel" aria-label="Settings">
          <h3>Settings</h3>
          <SettingsForm
            key={`${install.version}`}
            schema={plugin.settingsSchema!}
            install={install}
            onSave={(settings) => api.saveSettings(plugin.id, settings)}
          />
        </section>
      )}

      <OperatorPin plugin={plugin} client={client} onPinned={() => void reload()} />

      {confirming && (
        <InstallDialog
          name={plugin.displayName}
          version={plugin.latest}
          permissions={latest?.permissions ?? plugin.permissions}
          busy={busy}
          error={actionError}
          onCancel={() => {
            setConfirming(false);
            setActionError(undefined);
          }}
          onConfirm={() => void act(() => api.enable(plugin.id))}
        />
      )}
    </article>
  );
}
