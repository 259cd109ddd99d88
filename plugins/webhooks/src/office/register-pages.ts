import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { endpointDetailPage } from './endpoints/endpoint-detail-page.tsx';
import { endpointFormPage } from './endpoints/endpoint-form-page.tsx';
import { endpointListPage } from './endpoints/endpoint-list-page.tsx';
import { MANAGE } from './webhooks-api.ts';

/** webhooks' pages, under Settings → Webhooks. */
export function registerWebhookPages(context: OfficePluginContext): void {
  context.slots.contribute('office.page', endpointListPage(context), {
    path: 'endpoints',
    title: 'Webhooks',
    permission: 'webhooks:read',
    nav: { section: 'Settings', order: 60 },
  });
  context.slots.contribute('office.page', endpointFormPage(context), {
    path: 'endpoints/new',
    title: 'New webhook endpoint',
    order: 10,
    permission: MANAGE,
  });
  context.slots.contribute('office.page', endpointFormPage(context), {
    path: 'endpoints/:endpointId/edit',
    title: 'Edit webhook endpoint',
    order: 10,
    permission: MANAGE,
  });
  context.slots.contribute('office.page', endpointDetailPage(context), {
    path: 'endpoints/:endpointId',
    title: 'Webhook endpoint',
    order: 20,
    permission: 'webhooks:read',
  });
}
