import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Card, Field, FormProblem, Row, Stack, TextInput, useResource, useSubmit } from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { TENANT } from '../kernel-api.ts';

type VersionPolicy = { minimumTillVersion: string | null };

/** The oldest till app version the shop lets send sales: older tills are told to update and keep selling offline. */
export function MinimumVersionCard({ context, onSaved }: { context: OfficePluginContext; onSaved: () => void }) {
  const policy = useResource((signal) => context.api.get<VersionPolicy>(`${TENANT}/devices/version-policy`, { signal }), []);
  const [minimum, setMinimum] = useState('');
  useEffect(() => setMinimum(policy.data?.minimumTillVersion ?? ''), [policy.data]);
  const save = useSubmit(() =>
    context.api.put<VersionPolicy>(`${TENANT}/devices/version-policy`, {
      minimumTillVersion: minimum.trim() === '' ? null : minimum.trim(),
    }),
  );
  const submit = (event: Event) => {
    event.preventDefault();
    void save.submit().then((saved) => {
      if (!saved) return;
      context.toasts.show(
        saved.minimumTillVersion ? `Tills older than ${saved.minimumTillVersion} are told to update.` : 'Any till version may send sales.',
        'success',
      );
      onSaved();
    });
  };
  return (
    <Card title="Minimum till version">
      <form onSubmit={submit} aria-label="Minimum till version">
        <Stack>
          <p class="k-muted k-text--small">
            A till older than this is told to update. It keeps selling offline; what it sells is sent once it is updated. Leave empty to let
            any version send.
          </p>
          <Row align="end">
            <Field label="Minimum version" name="minimumTillVersion" problem={save.problems.minimumTillVersion}>
              <TextInput name="minimumTillVersion" value={minimum} onValue={setMinimum} placeholder="1.4.0" />
            </Field>
            <Button type="submit" busy={save.busy}>
              Save
            </Button>
          </Row>
          {save.problems[''] && <FormProblem>{save.problems['']}</FormProblem>}
        </Stack>
      </form>
    </Card>
  );
}
