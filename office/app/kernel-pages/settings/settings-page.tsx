import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import type { ComponentChildren } from 'preact';
import { Card, PageHeader, ProblemNotice, Spinner, useResource } from '@kits/ui-kit';
import { KERNEL_PERMISSION } from '../kernel-api.ts';
import { IdentityProviderCard, loadIdentityProvider } from './identity-provider-card.tsx';
import { SignInPolicyCard } from './sign-in-policy-card.tsx';

/** Who may set how the shop's people sign in (kernel/src/auth/kernel-permissions.ts). */
const TENANT_MANAGE = 'kernel:tenant.manage';

/** The shop's own settings pages, offered to those who may open them. */
const SHOP_PAGES = [
  {
    path: 'locations',
    title: 'Locations',
    what: 'Stores and warehouses: names, addresses, tax numbers, time zones.',
    permission: KERNEL_PERMISSION.locations,
  },
  { path: 'staff', title: 'Staff', what: 'Invite people, give roles, reset PINs.', permission: KERNEL_PERMISSION.users },
  { path: 'devices', title: 'Devices', what: 'Register and pair tills; see that they keep up.', permission: KERNEL_PERMISSION.devices },
  {
    path: 'marketplace',
    title: 'Marketplace',
    what: 'Install, configure and switch plugins on and off.',
    permission: KERNEL_PERMISSION.plugins,
  },
  { path: 'api-keys', title: 'API keys', what: 'Keys for integrations.', permission: KERNEL_PERMISSION.apiKeys },
  { path: 'audit', title: 'Audit log', what: 'Who changed what, when.', permission: KERNEL_PERMISSION.audit },
];

/** How the shop's people sign in: its company identity provider, and the policy (password sign-in, who needs a second factor). */
function SignInSettings({ context }: { context: OfficePluginContext }) {
  const provider = useResource((signal) => loadIdentityProvider(context.api, signal), []);
  return (
    <section class="k-stack k-gap-4" aria-label="Signing in">
      <h2 class="k-heading">Signing in</h2>
      {provider.error !== undefined && provider.data === undefined ? (
        <ProblemNotice error={provider.error} what="Loading the company sign-in" onRetry={provider.reload} />
      ) : provider.data === undefined ? (
        <Spinner label="Loading the company sign-in…" />
      ) : (
        <>
          <IdentityProviderCard context={context} provider={provider.data} onChanged={provider.reload} />
          {/* Keyed: setting up or removing the provider can change the policy (password sign-in back on), so it loads again. */}
          <SignInPolicyCard key={String(provider.data !== null)} context={context} providerSet={provider.data !== null} />
        </>
      )}
    </section>
  );
}

/**
 * `/office/settings`: the shop's settings pages, how its people sign in (to those who may manage the
 * shop), then every plugin's settings panel (`office.settings`), each in its own box.
 */
export function SettingsPage({ context }: OfficePageProps & { context: OfficePluginContext }) {
  const Panels = context.slots.outlet('office.settings') as (props: Record<string, never>) => ComponentChildren;
  const pages = SHOP_PAGES.filter((page) => context.session.may(page.permission));
  return (
    <>
      <PageHeader title="Settings" subtitle="How the shop runs: its places, people and tills, and what each plugin is set to." />
      <div class="k-stack k-gap-5">
        {pages.length > 0 && (
          <Card title="Shop">
            <ul class="k-plain-list k-columns k-columns--medium" aria-label="Shop settings">
              {pages.map((page) => (
                <li key={page.path} class="k-stack k-gap-1">
                  <strong>
                    <a href={context.href(page.path)}>{page.title}</a>
                  </strong>
                  <span class="k-muted k-text--small">{page.what}</span>
                </li>
              ))}
            </ul>
          </Card>
        )}
        {context.session.may(TENANT_MANAGE) && <SignInSettings context={context} />}
        <section class="k-stack k-gap-5" aria-label="Plugin settings panels">
          <h2 class="k-heading">What your plugins are set to</h2>
          <Panels />
        </section>
      </div>
    </>
  );
}
