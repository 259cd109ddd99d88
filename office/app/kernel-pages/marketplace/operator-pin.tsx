import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Card, Field, TextInput, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import type { PluginDetail, PluginInstall } from './marketplace-api.ts';
import { operatorCall, useOperatorSso } from './operator-sign-in.ts';

/**
 * For operators (platform staff, who host the shop): pin this plugin to a version or range for
 * the shop. The operator signs in here with their own e-mail and password, or with the platform's
 * identity provider when the kernel has one; their token stays in this panel's memory only and is
 * gone when it closes.
 */
export function OperatorPin({ plugin, context, onPinned }: { plugin: PluginDetail; context: OfficePluginContext; onPinned: () => void }) {
  const [open, setOpen] = useState(false);
  const [token, setToken] = useState<string>();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [version, setVersion] = useState(plugin.install?.versionRange ?? plugin.latest);
  const [done, setDone] = useState<string>();
  const sso = useOperatorSso(setToken);
  const signIn = useSubmit(async () => {
    const answer = await operatorCall<{ accessToken: string }>('POST', '/api/v1/auth/operator/login', { email, password });
    setToken(answer.accessToken);
    setPassword('');
    return true;
  });
  const pin = useSubmit(async () => {
    const pinned = await operatorCall<PluginInstall>(
      'PUT',
      `/api/v1/tenants/${encodeURIComponent(context.session.tenantId)}/plugins/${encodeURIComponent(plugin.id)}`,
      { version: version.trim() },
      token,
    );
    setDone(`Pinned to ${pinned.versionRange}: the shop runs ${pinned.version}.`);
    onPinned();
    return true;
  });
  const close = () => {
    setOpen(false);
    setToken(undefined);
    setPassword('');
    setDone(undefined);
  };

  if (!open)
    return (
      <div class="k-space-above">
        <Button variant="ghost" onClick={() => setOpen(true)}>
          Operator: pin a version…
        </Button>
      </div>
    );
  return (
    <Card title="Pin a version for this shop (operators)">
      {!token ? (
        <form
          noValidate
          class="k-stack k-gap-4"
          aria-label="Operator sign-in"
          onSubmit={(event) => (event.preventDefault(), void signIn.submit())}
        >
          <p class="k-muted k-text--small">Sign in with your operator account; it is used for this pin only and not kept.</p>
          {signIn.problems[''] && (
            <p class="k-form__problems" role="alert">
              {signIn.problems['']}
            </p>
          )}
          <div class="k-columns k-columns--narrow">
            <Field label="Operator e-mail" name="operatorEmail" problem={signIn.problems.email}>
              <TextInput name="operatorEmail" type="email" value={email} onValue={setEmail} autoComplete="off" />
            </Field>
            <Field label="Operator password" name="operatorPassword" problem={signIn.problems.password}>
              <TextInput name="operatorPassword" type="password" value={password} onValue={setPassword} autoComplete="off" />
            </Field>
          </div>
          {sso.problem && (
            <p class="k-form__problems" role="alert">
              {sso.problem}
            </p>
          )}
          <div class="k-row k-row--justify-end k-gap-3">
            <Button onClick={close}>Cancel</Button>
            {sso.enabled && (
              <Button onClick={sso.start} busy={sso.busy}>
                Sign in with the platform's account
              </Button>
            )}
            <Button type="submit" variant="primary" busy={signIn.busy}>
              Sign in as operator
            </Button>
          </div>
        </form>
      ) : (
        <form
          noValidate
          class="k-stack k-gap-4"
          aria-label="Pin a version"
          onSubmit={(event) => (event.preventDefault(), void pin.submit())}
        >
          {pin.problems[''] && (
            <p class="k-form__problems" role="alert">
              {pin.problems['']}
            </p>
          )}
          <Field
            label="Version or range"
            name="pinVersion"
            hint={`An exact version (${plugin.versions.join(', ')}) or a range (^1, ~1.2). The shop runs the newest release it allows.`}
            problem={pin.problems.version}
          >
            <TextInput name="pinVersion" value={version} onValue={setVersion} />
          </Field>
          {done && <p role="status">{done}</p>}
          <div class="k-row k-row--justify-end k-gap-3">
            <Button onClick={close}>Sign out operator</Button>
            <Button type="submit" variant="primary" busy={pin.busy} disabled={version.trim() === ''}>
              Pin for this shop
            </Button>
          </div>
        </form>
      )}
    </Card>
  );
}
