import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Badge,
  Button,
  Card,
  DataTable,
  DateTime,
  Notice,
  PageHeader,
  ProblemNotice,
  Spinner,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { InstallDialog } from './install-dialog.tsx';
import { marketplaceApi, stateText, type PluginDetail, type PluginRelease } from './marketplace-api.ts';
import { OperatorPin } from './operator-pin.tsx';
import { SettingsCard } from './settings-card.tsx';

/** Why this kernel would not install the plugin, if it would not. */
function notInstallable(plugin: PluginDetail): string | undefined {
  if (!plugin.trustedPublisher) return `This platform does not install plugins published by "${plugin.publisher}"; ask your operator.`;
  if (!plugin.kernelCompatible) return `The latest release needs kernel ${plugin.kernel}, which this platform does not run.`;
  return undefined;
}

/** `/office/marketplace/:pluginId`: what a plugin does, who publishes it, the permissions it asks for, its versions; install, enable, disable, settings. */
export function PluginPage({ context, params }: OfficePageProps & { context: OfficePluginContext }) {
  const api = marketplaceApi(context);
  const pluginId = params.pluginId ?? '';
  const detail = useResource((signal) => api.detail(pluginId, signal), [pluginId]);
  const [installing, setInstalling] = useState(false);
  const act = useSubmit(async (action: () => Promise<unknown>) => {
    await action();
    detail.reload();
    return true;
  });
  const back = { href: context.href('marketplace'), label: 'Marketplace' };

  if (detail.error !== undefined && !detail.data)
    return (
      <>
        <PageHeader title="Plugin" back={back} />
        <ProblemNotice error={detail.error} what="Loading the plugin" onRetry={detail.reload} />
      </>
    );
  const plugin = detail.data;
  if (!plugin) return <Spinner label="Loading the plugin…" />;

  const { install } = plugin;
  const shownVersion = install?.version ?? plugin.latest;
  const shownPermissions = plugin.releases.find((r) => r.version === shownVersion)?.permissions ?? plugin.permissions;
  const refusal = notInstallable(plugin);
  const hasSettings = plugin.settingsSchema !== null && Object.keys(plugin.settingsSchema.properties ?? {}).length > 0;
  const releaseColumns: Column<PluginRelease>[] = [
    {
      key: 'version',
      title: 'Version',
      width: '1fr',
      render: (r) => (
        <span>
          {r.version} {install?.version === r.version && <Badge tone="success">running</Badge>}
        </span>
      ),
    },
    { key: 'publishedAt', title: 'Published', width: '1fr', render: (r) => <DateTime value={r.publishedAt} dateOnly /> },
    {
      key: 'kernel',
      title: 'Runs on',
      width: '1.6fr',
      render: (r) =>
        r.yanked
          ? `withdrawn${r.yankReason ? `: ${r.yankReason}` : ''}`
          : `kernel ${r.kernel}${r.kernelCompatible ? '' : ' · not for this platform'}`,
    },
  ];

  const actions = !plugin.canManage ? null : !install ? (
    <Button variant="primary" disabled={refusal !== undefined} onClick={() => setInstalling(true)}>
      Install…
    </Button>
  ) : install.enabled ? (
    <Button busy={act.busy} onClick={() => void act.submit(() => api.disable(plugin.id))}>
      Disable
    </Button>
  ) : (
    <Button variant="primary" busy={act.busy} onClick={() => void act.submit(() => api.enable(plugin.id))}>
      Enable
    </Button>
  );

  return (
    <>
      <PageHeader
        title={plugin.displayName}
        subtitle={`${plugin.id} · latest ${plugin.latest} · by ${plugin.publisherName}${plugin.publisherName !== plugin.publisher ? ` (${plugin.publisher})` : ''}`}
        back={back}
        actions={actions}
      />
      <div class="k-row k-gap-3 k-section">
        <Badge tone={install ? (install.enabled ? 'success' : 'neutral') : 'info'}>
          <span data-testid="plugin-state">{stateText(install)}</span>
        </Badge>
        {install && <span class="k-muted k-text--small">Version range {install.versionRange === '*' ? 'any' : install.versionRange}</span>}
        {refusal && !install && <span class="k-muted k-text--small">{refusal}</span>}
        {!plugin.canManage && (
          <span class="k-muted k-text--small">Installing and configuring plugins needs the permission kernel:plugins.manage.</span>
        )}
      </div>
      {install?.notice && (
        <div class="k-section">
          <Notice tone="warning" title={install.enabled ? `KiTS moved this plugin to ${install.version}` : 'KiTS disabled this plugin'}>
            <p data-testid="install-notice">{install.notice}</p>
          </Notice>
        </div>
      )}
      {act.problems[''] && (
        <p class="k-form__problems" role="alert">
          {act.problems['']}
        </p>
      )}
      {plugin.description && <p class="k-lead">{plugin.description}</p>}
      <div class="k-columns k-columns--wide k-section">
        <Card title={`Permissions ${shownVersion} asks for`}>
          <section aria-label="Permissions">
            {shownPermissions.length > 0 ? (
              <ul class="k-chips">
                {shownPermissions.map((permission) => (
                  <li key={permission}>
                    <code>{permission}</code>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="k-muted k-text--small">None.</p>
            )}
            {Object.keys(plugin.requires).length > 0 && (
              <p class="k-muted k-text--small">
                Needs{' '}
                {Object.entries(plugin.requires)
                  .map(([capability, range]) => `${capability} ${range}`)
                  .join(', ')}{' '}
                from another enabled plugin.
              </p>
            )}
          </section>
        </Card>
        <Card title="Versions">
          <DataTable
            label="Versions"
            columns={releaseColumns}
            rows={plugin.releases}
            rowKey={(r) => r.version}
            height={Math.min(240, 40 + plugin.releases.length * 40)}
          />
        </Card>
      </div>
      {install && plugin.canManage && hasSettings && (
        <SettingsCard
          key={`${install.version}:${install.enabled}`}
          context={context}
          plugin={plugin}
          install={install}
          onSaved={detail.reload}
        />
      )}
      {plugin.canManage && <OperatorPin plugin={plugin} context={context} onPinned={detail.reload} />}
      {installing && (
        <InstallDialog
          context={context}
          plugin={plugin}
          onCancel={() => setInstalling(false)}
          onInstalled={() => {
            setInstalling(false);
            context.toasts.show(`${plugin.displayName} is installed and enabled.`, 'success');
            detail.reload();
          }}
        />
      )}
    </>
  );
}
