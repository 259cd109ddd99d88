import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Checkbox,
  CopyButton,
  Dialog,
  Field,
  ProblemNotice,
  Select,
  TextInput,
  useResource,
  useSubmit,
  FormDialog,
} from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { TENANT, type ApiKey, type Location } from '../kernel-api.ts';
import { locationOptions } from '../staff/staff-data.ts';

/**
 * Creates an API key: a name, what it may do, where. The key itself is shown once, here, with a
 * copy button; the kernel keeps only its hash, so closing this dialog is the last chance to copy it.
 */
export function NewApiKeyDialog({
  context,
  locations,
  onClose,
}: {
  context: OfficePluginContext;
  locations: readonly Location[];
  onClose: () => void;
}) {
  const catalog = useResource((signal) => context.api.get<{ items: string[] }>(`${TENANT}/permissions`, { signal }), []);
  const [name, setName] = useState('');
  const [locationId, setLocationId] = useState('');
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const create = useSubmit(() =>
    context.api.post<ApiKey & { key: string }>('/api/v1/auth/api-keys', {
      name,
      permissions: [...chosen],
      ...(locationId ? { locationId } : {}),
    }),
  );
  const [created, setCreated] = useState<ApiKey & { key: string }>();
  const send = () => void create.submit().then((key) => key && setCreated(key));
  const permissionsProblem = Object.entries(create.problems).find(([field]) => field.startsWith('permissions'))?.[1];

  if (created)
    return (
      <Dialog
        open
        title="Copy your new API key"
        onClose={onClose}
        footer={
          <Button variant="primary" onClick={onClose}>
            I have copied it
          </Button>
        }
      >
        <p>
          This is the only time the key of <strong>{created.name}</strong> is shown. Store it where the integration keeps its secrets.
        </p>
        <div class="k-secret-once">
          <code data-testid="api-key-secret">{created.key}</code>
          <CopyButton value={created.key} />
        </div>
      </Dialog>
    );

  return (
    <FormDialog
      title="New API key"
      submitLabel="Create key"
      busy={create.busy}
      problem={create.problems['']}
      onSubmit={send}
      onClose={onClose}
    >
      <Field label="Name" name="keyName" hint="What uses it: Web shop, Accounting export." problem={create.problems.name} required>
        <TextInput name="keyName" value={name} onValue={setName} />
      </Field>
      <Field label="Where" name="keyLocation" problem={create.problems.locationId}>
        <Select name="keyLocation" value={locationId} onValue={setLocationId} options={locationOptions(locations)} />
      </Field>
      {catalog.error !== undefined && <ProblemNotice error={catalog.error} what="Loading the permissions" onRetry={catalog.reload} />}
      <fieldset class="k-choices">
        <legend>What it may do</legend>
        <div class="k-choices__grid">
          {(catalog.data?.items ?? []).map((permission) => (
            <Checkbox
              key={permission}
              name={permission}
              label={permission}
              checked={chosen.has(permission)}
              onValue={(on) => {
                const next = new Set(chosen);
                if (on) next.add(permission);
                else next.delete(permission);
                setChosen(next);
              }}
            />
          ))}
        </div>
        {permissionsProblem && (
          <p class="k-form__problems" role="alert">
            {`Permissions ${permissionsProblem}`}
          </p>
        )}
      </fieldset>
      <button type="submit" hidden />
    </FormDialog>
  );
}
