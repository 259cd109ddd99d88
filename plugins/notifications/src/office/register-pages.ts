import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { bellControl } from './bell.tsx';
import { centrePage } from './centre-page.tsx';
import { MANAGE, READ } from './notifications-api.ts';
import { settingsPage } from './settings-page.tsx';

/** The bell in the top bar, the notification centre (`/office/notifications`) and its settings (`/office/notifications/settings`). */
export function registerNotificationPages(context: OfficePluginContext): void {
  context.slots.contribute('office.topbar', bellControl(context), { title: 'Notifications', permission: READ });
  context.slots.contribute('office.page', centrePage(context), {
    path: '',
    title: 'Notifications',
    permission: READ,
    nav: { section: 'Settings', order: 80, label: 'Notifications', key: 'n' },
  });
  context.slots.contribute('office.page', settingsPage(context), {
    path: 'settings',
    title: 'Notification settings',
    permission: MANAGE,
    nav: { section: 'Settings', order: 81, label: 'Notification rules' },
  });
}
