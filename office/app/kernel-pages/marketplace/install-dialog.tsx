import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Dialog, SchemaForm, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { marketplaceApi, requiredWithoutDefault, settingsProblems, withoutBlankSecrets, type PluginDetail } from './marketplace-api.ts';

/**
 * Asks before installing: the plugin, the version and every permission it asks for. A plugin whose
 * required settings have no default cannot run without them, so its settings form comes first, in
 * this dialog: it is enabled together with them, or not at all.
 */
export function InstallDialog({
  context,
  plugin,
  onCancel,
  onInstalled,
}: {
  context: OfficePluginContext;
  plugin: PluginDetail;
  onCancel: () => void;
  onInstalled: () => void;
}) {
  const api = marketplaceApi(context);
  const needsSettings = requiredWithoutDefault(plugin.settingsSchema).length > 0;
  const [settings, setSettings] = useState<Record<string, unknown>>({});
  const install = useSubmit(() => api.enable(plugin.id, needsSettings ? withoutBlankSecrets(plugin.settingsSchema, settings) : undefined));
  const permissions = plugin.releases.find((r) => r.version === plugin.latest)?.permissions ?? plugin.permissions;
  const fieldProblems = settingsProblems(install.problems);
  const unnamed = install.problems[''];
  const send = () => void install.submit().then((done) => done && onInstalled());

  return (
    <Dialog
      open
      title={`Install ${plugin.displayName} ${plugin.latest}?`}
      onClose={onCancel}
      footer={
        <>
          <Button onClick={onCancel} disabled={install.busy}>
            Cancel
          </Button>
          <Button variant="primary" busy={install.busy} onClick={send}>
            Install and enable
          </Button>
        </>
      }
    >
      {permissions.length > 0 ? (
        <>
          <p>It asks for these permissions. Staff you give them to can use what they allow:</p>
          <ul class="k-chips" data-testid="install-permissions">
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
      {needsSettings && plugin.settingsSchema && (
        <section class="k-divided" aria-label="Settings it needs">
          <h3 class="k-heading k-section">Settings it needs before it can run</h3>
          <form noValidate aria-label="Plugin settings" onSubmit={(event) => (event.preventDefault(), send())}>
            <SchemaForm
              schema={plugin.settingsSchema}
              value={settings}
              onValue={setSettings}
              problems={fieldProblems}
              disabled={install.busy}
            />
            <button type="submit" hidden />
          </form>
        </section>
      )}
      <p class="k-muted k-text--small">It is enabled for the whole shop at once; every till picks it up.</p>
      {unnamed && (
        <p class="k-form__problems" role="alert">
          {unnamed}
        </p>
      )}
      {!unnamed && Object.keys(fieldProblems).length > 0 && (
        <p class="k-form__problems" role="alert">
          Not installed:{' '}
          {Object.keys(fieldProblems).length === 1 ? 'a setting needs' : `${Object.keys(fieldProblems).length} settings need`} another look
          (marked above).
        </p>
      )}
    </Dialog>
  );
}
