import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Card, SchemaForm, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import {
  marketplaceApi,
  settingsProblems,
  withoutBlankSecrets,
  type JsonSchema,
  type PluginDetail,
  type PluginInstall,
} from './marketplace-api.ts';

/** The titles of the schema's secrets (dotted paths) that hold a value. */
function secretTitles(schema: JsonSchema, paths: readonly string[]): string[] {
  return paths.map((path) => {
    let node: JsonSchema | undefined = schema;
    for (const name of path.split('.')) node = node?.properties?.[name];
    return node?.title ?? path;
  });
}

/**
 * The settings of an installed plugin, drawn from its schema. The kernel's answer to a bad value
 * is shown beside the field; secrets are never shown again: left blank, they keep their value.
 */
export function SettingsCard({
  context,
  plugin,
  install,
  onSaved,
}: {
  context: OfficePluginContext;
  plugin: PluginDetail;
  install: PluginInstall;
  onSaved: () => void;
}) {
  const schema = plugin.settingsSchema!;
  const [value, setValue] = useState<Record<string, unknown>>(install.settings ?? {});
  const save = useSubmit(() => marketplaceApi(context).saveSettings(plugin.id, withoutBlankSecrets(schema, value)));
  const problems = settingsProblems(save.problems);
  const count = Object.keys(problems).length;
  const secretsSet = secretTitles(schema, install.secretsSet ?? []);
  const send = () =>
    void save.submit().then((saved) => {
      if (!saved) return;
      // What was saved, as the kernel answers it: the secrets just typed are gone from the form.
      setValue(saved.settings ?? {});
      context.toasts.show('Settings saved.', 'success');
      onSaved();
    });

  return (
    <Card title="Settings">
      <form noValidate class="k-stack k-gap-4" aria-label="Plugin settings" onSubmit={(event) => (event.preventDefault(), send())}>
        {save.problems[''] && (
          <p class="k-form__problems" role="alert">
            {save.problems['']}
          </p>
        )}
        {count > 0 && (
          <p class="k-form__problems" role="alert">
            Not saved: {count === 1 ? 'a setting needs' : `${count} settings need`} another look (marked below).
          </p>
        )}
        <SchemaForm
          schema={schema}
          value={value}
          onValue={setValue}
          problems={problems}
          secretsSet={install.secretsSet ?? []}
          disabled={save.busy}
        />
        <p class="k-muted k-text--small" data-testid="secrets-set">
          {secretsSet.length > 0
            ? `Stored encrypted and never shown again: ${secretsSet.join(', ')}. Leave a secret blank to keep it.`
            : 'No secret is set yet.'}
        </p>
        <Button type="submit" variant="primary" busy={save.busy}>
          Save settings
        </Button>
      </form>
    </Card>
  );
}
