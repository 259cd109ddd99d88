import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import { PageHeader, useResource } from '@kits/ui-kit';
import { SESSIONS, type SignInSession } from './account-api.ts';
import { PasskeysCard } from './passkeys-card.tsx';
import { PasswordCard } from './password-card.tsx';
import { SecondFactorCard } from './second-factor-card.tsx';
import { SessionsCard } from './sessions-card.tsx';

/** `/office/account`: the signed-in person's own sign-in — where they are signed in, two-step verification, their password, their passkeys. */
export function AccountPage({ context }: OfficePageProps & { context: OfficePluginContext }) {
  const sessions = useResource(
    (signal) => context.api.get<{ items: SignInSession[] }>(SESSIONS, { signal }).then((answer) => answer.items),
    [],
  );
  return (
    <>
      <PageHeader title="Your account" subtitle={`${context.session.name} · ${context.session.email}`} />
      <div class="k-stack k-gap-5">
        <SessionsCard context={context} sessions={sessions} />
        <div class="k-columns k-columns--wide">
          <SecondFactorCard context={context} />
          <PasswordCard context={context} onChanged={sessions.reload} />
        </div>
        <PasskeysCard context={context} />
      </div>
    </>
  );
}
