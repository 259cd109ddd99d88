import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Card, Checkbox, FormProblem, ProblemNotice, Spinner, Subheading, useResource, useSubmit } from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { KERNEL_PERMISSION, TENANT } from '../kernel-api.ts';

/** How the shop's people sign in (`GET`/`PUT /api/v1/tenants/current/sign-in-policy`). */
export interface SignInPolicy {
  readonly passwordSignIn: boolean;
  /** Whoever holds one of these (anywhere) signs in with a second factor. */
  readonly secondFactorFor: readonly string[];
}

const POLICY = `${TENANT}/sign-in-policy`;

/** The permissions that change who may do what in the shop, first in the list and in the shop's words. */
const PROTECTED: ReadonlyArray<readonly [string, string]> = [
  [KERNEL_PERMISSION.plugins, 'Install, set up and switch plugins'],
  [KERNEL_PERMISSION.users, 'Invite staff and change their sign-in'],
  [KERNEL_PERMISSION.roles, 'Change roles and what they allow'],
  [KERNEL_PERMISSION.apiKeys, 'Create API keys'],
];

/**
 * "Sign-in policy": whether people may sign in with a password (only switched off while a company
 * sign-in is set up), and the permissions whose holders must give a second factor.
 */
export function SignInPolicyCard({ context, providerSet }: { context: OfficePluginContext; providerSet: boolean }) {
  const data = useResource(async (signal) => {
    const [policy, permissions] = await Promise.all([
      context.api.get<SignInPolicy>(POLICY, { signal }),
      context.api.get<{ items: string[] }>(`${TENANT}/permissions`, { signal }),
    ]);
    return { policy, permissions: permissions.items };
  }, []);
  const [passwordSignIn, setPasswordSignIn] = useState(true);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (!data.data) return;
    setPasswordSignIn(data.data.policy.passwordSignIn);
    setChosen(new Set(data.data.policy.secondFactorFor));
  }, [data.data]);
  const save = useSubmit(() => context.api.put<SignInPolicy>(POLICY, { passwordSignIn, secondFactorFor: [...chosen] }));

  if (data.error !== undefined && !data.data)
    return (
      <Card title="Sign-in policy">
        <ProblemNotice error={data.error} what="Loading the sign-in policy" onRetry={data.reload} />
      </Card>
    );
  if (!data.data)
    return (
      <Card title="Sign-in policy">
        <Spinner label="Loading the sign-in policy…" />
      </Card>
    );

  const known = new Set(PROTECTED.map(([permission]) => permission));
  const others = data.data.permissions.filter((permission) => !known.has(permission));
  const tick = (permission: string) => (on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(permission);
    else next.delete(permission);
    setChosen(next);
  };

  return (
    <Card title="Sign-in policy">
      <form
        class="k-stack k-gap-4"
        aria-label="Sign-in policy"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save.submit().then((saved) => saved && (context.toasts.show('Sign-in policy saved.', 'success'), data.reload()));
        }}
      >
        <FormProblem>{save.problems['']}</FormProblem>
        <div class="k-stack k-gap-1">
          <Checkbox
            name="passwordSignIn"
            checked={passwordSignIn}
            onValue={setPasswordSignIn}
            // Off only with a company sign-in to fall back on; once off, it can always be switched back on.
            disabled={!providerSet && passwordSignIn}
            label="Allow password sign-in"
          />
          {save.problems.passwordSignIn && (
            <p class="k-field__problem" role="alert">
              {save.problems.passwordSignIn}
            </p>
          )}
          <p class="k-text k-muted k-text--small">
            {providerSet
              ? 'Switched off, people sign in only with their company account. Tills keep signing in with PINs.'
              : 'Set up a company sign-in first: without one, people need their password.'}
          </p>
        </div>
        <fieldset class="k-choices">
          <legend>Require two-step verification for people who can:</legend>
          <div class="k-choices__grid">
            {PROTECTED.map(([permission, words]) => (
              <Checkbox key={permission} name={permission} label={words} checked={chosen.has(permission)} onValue={tick(permission)} />
            ))}
            {others.length > 0 && <Subheading>Other permissions</Subheading>}
            {others.map((permission) => (
              <Checkbox key={permission} name={permission} label={permission} checked={chosen.has(permission)} onValue={tick(permission)} />
            ))}
          </div>
          {save.problems.secondFactorFor && (
            <p class="k-field__problem" role="alert">
              {save.problems.secondFactorFor}
            </p>
          )}
        </fieldset>
        <p class="k-text k-muted k-text--small">
          People who sign in with their company account are trusted to its own two-step policy and are not asked for a KiTS code.
        </p>
        <Button type="submit" variant="primary" busy={save.busy}>
          Save sign-in policy
        </Button>
      </form>
    </Card>
  );
}
