import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import type { ComponentChildren } from 'preact';
import { Card, PageHeader } from '@kits/ui-kit';
import { KERNEL_PERMISSION } from '../kernel-api.ts';

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

/** `/office/settings`: the shop's settings pages, then every plugin's settings panel (`office.settings`), each in its own box. */
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
        <section class="k-stack k-gap-5" aria-label="Plugin settings panels">
          <h2 class="k-heading">What your plugins are set to</h2>
          <Panels />
        </section>
      </div>
    </>
  );
}
