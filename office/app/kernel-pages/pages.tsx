import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import type { ComponentChildren } from 'preact';
import { PrintersOnThisComputerPanel } from '../hardware/printers-panel.tsx';
import { AccountPage } from './account/account-page.tsx';
import { ApiKeysPage } from './api-keys/api-keys-page.tsx';
import { AuditPage } from './audit/audit-page.tsx';
import { deviceAlertsCard } from './devices/device-alerts-card.tsx';
import { DevicesPage } from './devices/devices-page.tsx';
import { KERNEL_PERMISSION } from './kernel-api.ts';
import { LocationsPage } from './locations/locations-page.tsx';
import { MarketplacePage } from './marketplace/marketplace-page.tsx';
import { PluginPage } from './marketplace/plugin-page.tsx';
import { SettingsPage } from './settings/settings-page.tsx';
import { StaffMemberPage } from './staff/staff-member-page.tsx';
import { StaffPage } from './staff/staff-page.tsx';

type KernelPage = (props: OfficePageProps & { context: OfficePluginContext }) => ComponentChildren;

/**
 * The kernel's own back-office pages, contributed exactly as a plugin contributes its pages
 * (the shell activates them with the id `kernel` and no URL prefix: `/office/staff`).
 */
export function registerKernelPages(context: OfficePluginContext): void {
  const page = (
    path: string,
    title: string,
    Page: KernelPage,
    permission: string | undefined,
    nav?: { section: string; order: number; key?: string },
  ) =>
    context.slots.contribute('office.page', (props: OfficePageProps) => <Page {...props} context={context} />, {
      path,
      title,
      ...(permission ? { permission } : {}),
      ...(nav ? { nav } : {}),
    });

  const TEAM = 'Team & devices';
  page('staff', 'Staff', StaffPage, KERNEL_PERMISSION.users, { section: TEAM, order: 10 });
  page('staff/:userId', 'Staff member', StaffMemberPage, KERNEL_PERMISSION.users);
  page('devices', 'Devices', DevicesPage, KERNEL_PERMISSION.devices, { section: TEAM, order: 20 });
  page('locations', 'Locations', LocationsPage, KERNEL_PERMISSION.locations, { section: TEAM, order: 30 });
  context.slots.contribute('office.dashboard.card', deviceAlertsCard(context), {
    title: 'Device alerts',
    order: 15,
    permission: KERNEL_PERMISSION.devices,
  });

  page('account', 'Your account', AccountPage, undefined, { section: 'Settings', order: 5 });
  page('settings', 'Settings', SettingsPage, undefined, { section: 'Settings', order: 10 });
  page('marketplace', 'Marketplace', MarketplacePage, KERNEL_PERMISSION.plugins, { section: 'Settings', order: 20 });
  page('marketplace/:pluginId', 'Plugin', PluginPage, KERNEL_PERMISSION.plugins);
  page('api-keys', 'API keys', ApiKeysPage, KERNEL_PERMISSION.apiKeys, { section: 'Settings', order: 30 });
  page('audit', 'Audit log', AuditPage, KERNEL_PERMISSION.audit, { section: 'Settings', order: 40 });
  context.slots.contribute('office.settings', PrintersOnThisComputerPanel, { title: 'Printers on this computer' });
}
