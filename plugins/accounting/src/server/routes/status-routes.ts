import type { ServerPluginContext } from '@kits/plugin-sdk';
import { readMapping, tenantNeeds, unmappedOf } from '../mapping/mapping-store.ts';
import { accountingProvider } from '../provider.ts';
import { EXPORT_STATUSES, type ExportStatus } from '../../shared/export-view.ts';

export const VIEW = 'accounting:view';
export const MANAGE = 'accounting:manage';

/** `GET /status`: the provider and its connection, whether the mapping is complete, exports by status. */
export function registerStatusRoutes(context: ServerPluginContext): void {
  context.routes.get('/status', {
    permission: VIEW,
    schema: { summary: 'The accounting export at a glance: the connected system, the mapping, exports by status' },
    async handler({ tx, services }) {
      const provider = accountingProvider(services);
      const { needed } = await tenantNeeds(tx);
      const unmapped = unmappedOf(needed, await readMapping(tx));
      const counts = Object.fromEntries(EXPORT_STATUSES.map((s) => [s, 0])) as Record<ExportStatus, number>;
      for (const row of await tx.query<{ status: ExportStatus; n: number }>(
        'select status, count(*)::int as n from accounting.exports group by status',
      ))
        counts[row.status] = row.n;
      const [last] = await tx.query<{ at: Date | null }>("select max(posted_at) as at from accounting.exports where status = 'posted'");
      return {
        provider: provider ? { system: provider.system, connection: await provider.connection() } : null,
        mappingComplete: unmapped.length === 0,
        counts,
        lastPostedAt: last?.at ? new Date(last.at).toISOString() : null,
      };
    },
  });
}
