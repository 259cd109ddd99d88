import { OfficeApiError, type OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  DataTable,
  DateTime,
  Field,
  FormProblem,
  TextInput,
  TimeAgo,
  tableHeight,
  useResource,
  useSubmit,
  type Column,
} from '@kits/ui-kit';
import { startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { useState } from 'preact/hooks';

const PASSKEYS = '/api/v1/auth/passkeys';

interface Passkey {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/** The browser's own words when it makes no passkey (the person cancelled, or it has no authenticator), as a problem. */
const browserRefused = (error: Error) =>
  new OfficeApiError({
    type: 'https://kits-pos.dev/problems/office.passkey_cancelled',
    title: 'No passkey made',
    status: 400,
    code: 'office.passkey_cancelled',
    detail: `This browser made no passkey (${error.message}). Try again, or use another device.`,
  });

/**
 * "Passkeys": sign in with the phone's or the computer's lock (a fingerprint, a face, a PIN) instead
 * of a password and code. Adding one asks the browser to make it; each can be removed.
 */
export function PasskeysCard({ context }: { context: OfficePluginContext }) {
  const list = useResource((signal) => context.api.get<{ items: Passkey[] }>(PASSKEYS, { signal }).then((answer) => answer.items), []);
  const [name, setName] = useState('');
  const add = useSubmit(async () => {
    const options = await context.api.post<PublicKeyCredentialCreationOptionsJSON>(`${PASSKEYS}/registration-options`);
    let response;
    try {
      response = await startRegistration({ optionsJSON: options });
    } catch (error) {
      throw browserRefused(error as Error);
    }
    return context.api.post<Passkey>(PASSKEYS, { name: name.trim(), response });
  });
  const remove = useSubmit((passkey: Passkey) => context.api.delete(`${PASSKEYS}/${passkey.id}`));

  const columns: Column<Passkey>[] = [
    { key: 'name', title: 'Name', width: 'minmax(160px, 2fr)', render: (passkey) => passkey.name },
    { key: 'created', title: 'Added', width: 'minmax(150px, 1fr)', render: (passkey) => <DateTime value={passkey.createdAt} /> },
    {
      key: 'used',
      title: 'Last used',
      width: 'minmax(110px, 1fr)',
      render: (passkey) => (passkey.lastUsedAt ? <TimeAgo value={passkey.lastUsedAt} /> : 'Never'),
    },
    {
      key: 'actions',
      title: '',
      width: '110px',
      align: 'end',
      render: (passkey) => (
        <Button size="sm" aria-label={`Remove ${passkey.name}`} onClick={() => void remove.submit(passkey).then(() => list.reload())}>
          Remove
        </Button>
      ),
    },
  ];
  const passkeys = list.data ?? [];
  return (
    <Card title="Passkeys">
      <div class="k-stack k-gap-4">
        <p class="k-text k-muted k-text--small">
          Sign in with your phone's or computer's lock — a fingerprint, your face or its PIN — instead of a password and a code.
        </p>
        {passkeys.length > 0 && (
          <DataTable
            label="Your passkeys"
            columns={columns}
            rows={passkeys}
            rowKey={(passkey) => passkey.id}
            loading={list.data === undefined}
            empty="No passkeys yet."
            height={tableHeight(passkeys.length, 5)}
          />
        )}
        <FormProblem>{remove.problems['']}</FormProblem>
        <form
          class="k-row k-gap-3 k-row--align-end"
          aria-label="Add a passkey"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void add.submit().then((added) => {
              if (!added) return;
              setName('');
              list.reload();
              context.toasts.show(`Passkey "${added.name}" added.`, 'success');
            });
          }}
        >
          <Field label="Passkey name" name="name" hint="Which device it is on: “Work laptop”, “My phone”" problem={add.problems.name}>
            <TextInput name="name" value={name} onValue={setName} />
          </Field>
          <Button type="submit" busy={add.busy} disabled={name.trim() === ''}>
            Add a passkey
          </Button>
        </form>
        <FormProblem>{add.problems['']}</FormProblem>
      </div>
    </Card>
  );
}
