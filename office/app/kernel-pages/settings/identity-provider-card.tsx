import { OfficeApiError, type OfficeApi, type OfficePluginContext } from '@kits/plugin-sdk/office';
import {
  Button,
  Card,
  Checkbox,
  ConfirmActionDialog,
  CopyButton,
  Field,
  FormProblem,
  ProblemNotice,
  Select,
  TextInput,
  useResource,
  useSubmit,
  type Submission,
} from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { TENANT, allPages, type Location, type Role } from '../kernel-api.ts';

/** A group of the provider's group claim, and the role its members get, at one location or every one. */
export interface GroupRole {
  readonly group: string;
  readonly roleId: string;
  readonly locationId: string | null;
}

/** The shop's company identity provider (OIDC), as `GET /api/v1/tenants/current/identity-provider` answers it. */
export interface IdentityProvider {
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecretSet: boolean;
  readonly emailDomains: readonly string[];
  readonly createAccounts: boolean;
  readonly groupClaim: string;
  readonly groupRoles: readonly GroupRole[];
  /** What to register with the provider as the redirect URI. */
  readonly redirectUri: string;
}

const PROVIDER = `${TENANT}/identity-provider`;
/** Where the kernel's SSO callback is (docs/identity.md), for the redirect URI before a provider is saved. */
const CALLBACK = '/api/v1/auth/sso/callback';

/** The shop's identity provider, or null when it has none (404 `tenancy.no_identity_provider`). */
export async function loadIdentityProvider(api: OfficeApi, signal: AbortSignal): Promise<IdentityProvider | null> {
  try {
    return await api.get<IdentityProvider>(PROVIDER, { signal });
  } catch (error) {
    if (error instanceof OfficeApiError && error.problem.code === 'tenancy.no_identity_provider') return null;
    throw error;
  }
}

/** The form as typed: domains as one comma-separated text, a location '' for every location. */
interface Draft {
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  emailDomains: string;
  createAccounts: boolean;
  groupClaim: string;
  groupRoles: { group: string; roleId: string; locationId: string }[];
}

const draftOf = (provider: IdentityProvider | null): Draft => ({
  name: provider?.name ?? '',
  issuer: provider?.issuer ?? '',
  clientId: provider?.clientId ?? '',
  clientSecret: '',
  emailDomains: (provider?.emailDomains ?? []).join(', '),
  createAccounts: provider?.createAccounts ?? false,
  groupClaim: provider?.groupClaim ?? 'groups',
  groupRoles: (provider?.groupRoles ?? []).map((row) => ({ group: row.group, roleId: row.roleId, locationId: row.locationId ?? '' })),
});

/** The PUT body: the secret only when typed (left out, the kernel keeps the stored one). */
const bodyOf = (draft: Draft) => ({
  name: draft.name.trim(),
  issuer: draft.issuer.trim(),
  clientId: draft.clientId.trim(),
  ...(draft.clientSecret ? { clientSecret: draft.clientSecret } : {}),
  emailDomains: draft.emailDomains
    .split(',')
    .map((domain) => domain.trim().toLowerCase())
    .filter(Boolean),
  createAccounts: draft.createAccounts,
  groupClaim: draft.groupClaim.trim(),
  groupRoles: draft.groupRoles.map((row) => ({ group: row.group.trim(), roleId: row.roleId, locationId: row.locationId || null })),
});

/** Refusals that name no field but are about one: a domain another shop signs in, an issuer that cannot be read. */
const FIELD_OF_CODE: Readonly<Record<string, string>> = {
  'auth.sso_domain_taken': 'emailDomains',
  'auth.sso_issuer_unreachable': 'issuer',
};

/** Each field's problem: as the kernel named it, or by the refusal's code; `under('emailDomains')` also finds `emailDomains.1`. */
function problemsOf(save: Submission<[], unknown>) {
  const found: Record<string, string> = { ...save.problems };
  const code = save.error instanceof OfficeApiError ? save.error.problem.code : undefined;
  const field = code !== undefined ? FIELD_OF_CODE[code] : undefined;
  if (field && found[''] !== undefined && found[field] === undefined) {
    found[field] = found[''];
    delete found[''];
  }
  const under = (path: string) => found[path] ?? Object.entries(found).find(([key]) => key.startsWith(`${path}.`))?.[1];
  return { general: found[''], under, at: (path: string) => found[path] };
}

/** Text a person copies into the provider's console, with a Copy button. */
function CopyableValue({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div class="k-stack k-gap-1">
      <span class="k-field__label">{label}</span>
      <div class="k-secret-once">
        <code data-testid={testId}>{value}</code>
        <CopyButton value={value} aria-label={`Copy the ${label.toLowerCase()}`} />
      </div>
    </div>
  );
}

/**
 * "Company sign-in (single sign-on)": the shop's OpenID provider — issuer, client, the e-mail
 * domains it signs in, whether a first sign-in makes the account, and which role each of its
 * groups gives where. Shown to people who may manage the shop (`kernel:tenant.manage`).
 */
export function IdentityProviderCard({
  context,
  provider,
  onChanged,
}: {
  context: OfficePluginContext;
  provider: IdentityProvider | null;
  onChanged: () => void;
}) {
  const choices = useResource(async (signal) => {
    const [roles, locations] = await Promise.all([
      allPages((cursor) => context.api.get<{ items: Role[] }>(`${TENANT}/roles`, { query: { cursor }, signal })),
      allPages((cursor) => context.api.get<{ items: Location[] }>(`${TENANT}/locations`, { query: { cursor }, signal })),
    ]);
    return { roles, locations };
  }, []);
  const [draft, setDraft] = useState(() => draftOf(provider));
  const [removing, setRemoving] = useState(false);
  useEffect(() => setDraft(draftOf(provider)), [provider]);
  const save = useSubmit(() => context.api.put<IdentityProvider>(PROVIDER, bodyOf(draft)));
  const problems = problemsOf(save);
  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((before) => ({ ...before, [key]: value }));
  const setRow = (index: number, change: Partial<Draft['groupRoles'][number]>) =>
    setDraft((before) => ({ ...before, groupRoles: before.groupRoles.map((row, at) => (at === index ? { ...row, ...change } : row)) }));

  const roleOptions = [{ value: '', label: 'Choose a role' }, ...(choices.data?.roles ?? []).map((r) => ({ value: r.id, label: r.name }))];
  const locationOptions = [
    { value: '', label: 'All locations' },
    ...(choices.data?.locations ?? []).map((l) => ({ value: l.id, label: l.name })),
  ];

  const submit = (event: Event) => {
    event.preventDefault();
    void save.submit().then((saved) => {
      if (saved === undefined) return;
      // The secret typed is not kept in the form once it is stored.
      setDraft(draftOf(saved));
      context.toasts.show('Company sign-in saved.', 'success');
      onChanged();
    });
  };

  return (
    <Card title="Company sign-in (single sign-on)">
      <form class="k-stack k-gap-4" aria-label="Company sign-in" noValidate onSubmit={submit}>
        <p class="k-text k-muted k-text--small">
          Your staff sign in with the account your company gives them (Entra ID, Google Workspace, Okta, Keycloak…). Register KiTS with your
          provider as a web application, with this redirect URI:
        </p>
        <CopyableValue label="Redirect URI" value={provider?.redirectUri ?? `${location.origin}${CALLBACK}`} testId="sso-redirect-uri" />
        <FormProblem>{problems.general}</FormProblem>
        <div class="k-columns k-columns--wide">
          <Field label="Name" name="providerName" hint="What the sign-in page calls it: Acme Entra ID" problem={problems.under('name')}>
            <TextInput name="providerName" value={draft.name} onValue={set('name')} />
          </Field>
          <Field
            label="Issuer URL"
            name="issuer"
            hint="The provider's issuer; KiTS reads its discovery document"
            problem={problems.under('issuer')}
          >
            <TextInput name="issuer" type="url" value={draft.issuer} onValue={set('issuer')} placeholder="https://login.example.com/…" />
          </Field>
          <Field label="Client ID" name="clientId" problem={problems.under('clientId')}>
            <TextInput name="clientId" value={draft.clientId} onValue={set('clientId')} autocomplete="off" />
          </Field>
          <Field
            label="Client secret"
            name="clientSecret"
            hint={provider?.clientSecretSet ? 'Leave it empty to keep the stored secret.' : undefined}
            problem={problems.under('clientSecret')}
          >
            <TextInput
              name="clientSecret"
              type="password"
              value={draft.clientSecret}
              onValue={set('clientSecret')}
              placeholder={provider?.clientSecretSet ? '•••• stored' : undefined}
              autocomplete="new-password"
            />
          </Field>
          <Field
            label="E-mail domains"
            name="emailDomains"
            hint="Separated by commas: people whose e-mail ends in one of them sign in here"
            problem={problems.under('emailDomains')}
          >
            <TextInput
              name="emailDomains"
              value={draft.emailDomains}
              onValue={set('emailDomains')}
              placeholder="acme.example, acme.co.uk"
            />
          </Field>
          <Field
            label="Group claim"
            name="groupClaim"
            hint="The ID token's claim that lists a person's groups"
            problem={problems.under('groupClaim')}
          >
            <TextInput name="groupClaim" value={draft.groupClaim} onValue={set('groupClaim')} />
          </Field>
        </div>
        <Checkbox
          name="createAccounts"
          checked={draft.createAccounts}
          onValue={set('createAccounts')}
          label="Create an account at a person's first sign-in"
        />
        <fieldset class="k-fieldset">
          <legend>Roles by group</legend>
          <p class="k-text k-muted k-text--small">
            At each sign-in, a person gets the roles their groups map to here (and loses those their groups no longer give).
          </p>
          {problems.at('groupRoles') && (
            <p class="k-field__problem" role="alert">
              {problems.at('groupRoles')}
            </p>
          )}
          {choices.error !== undefined && (
            <ProblemNotice error={choices.error} what="Loading the roles and locations" onRetry={choices.reload} />
          )}
          {draft.groupRoles.map((row, index) => (
            <fieldset key={index} class="k-fieldset--bare k-toolbar" aria-label={`Group ${index + 1}`}>
              <Field label="Group" name={`group-${index}`} problem={problems.under(`groupRoles.${index}.group`)}>
                <TextInput name={`group-${index}`} value={row.group} onValue={(group) => setRow(index, { group })} />
              </Field>
              <Field label="Role" name={`groupRole-${index}`} problem={problems.under(`groupRoles.${index}.roleId`)}>
                <Select
                  name={`groupRole-${index}`}
                  value={row.roleId}
                  options={roleOptions}
                  onValue={(roleId) => setRow(index, { roleId })}
                />
              </Field>
              <Field label="Location" name={`groupLocation-${index}`} problem={problems.under(`groupRoles.${index}.locationId`)}>
                <Select
                  name={`groupLocation-${index}`}
                  value={row.locationId}
                  options={locationOptions}
                  onValue={(locationId) => setRow(index, { locationId })}
                />
              </Field>
              <Button
                variant="ghost"
                aria-label={`Remove group ${index + 1}`}
                onClick={() => setDraft((before) => ({ ...before, groupRoles: before.groupRoles.filter((_, at) => at !== index) }))}
              >
                Remove
              </Button>
            </fieldset>
          ))}
          <div>
            <Button
              size="sm"
              onClick={() =>
                setDraft((before) => ({ ...before, groupRoles: [...before.groupRoles, { group: '', roleId: '', locationId: '' }] }))
              }
            >
              Add a group
            </Button>
          </div>
        </fieldset>
        <div class="k-row k-gap-2">
          <Button type="submit" variant="primary" busy={save.busy}>
            Save company sign-in
          </Button>
          {provider && (
            <Button variant="danger" onClick={() => setRemoving(true)}>
              Remove
            </Button>
          )}
        </div>
      </form>
      <ConfirmActionDialog
        open={removing}
        title="Remove company sign-in?"
        message="Nobody can continue with their company account any more; people sign in with a password. Their accounts and roles stay."
        confirmLabel="Remove company sign-in"
        tone="danger"
        doing="Removing"
        action={() => context.api.delete<null>(PROVIDER)}
        onDone={() => {
          setRemoving(false);
          context.toasts.show('Company sign-in removed.', 'success');
          onChanged();
        }}
        onCancel={() => setRemoving(false)}
      />
    </Card>
  );
}
