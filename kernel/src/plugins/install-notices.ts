import type { Coordination } from '../coordination/coordination.ts';
import type { Database } from '../db/database.ts';
import { PLUGINS_CHANGED_CHANNEL } from './tenant-plugin-changes.ts';

/**
 * Leaves a notice on a tenant's installs of `pluginIds` — what the kernel did to them on its own (a
 * yanked release moved or disabled, D-230; a rollout rolled back, D-231) — and tells every kernel
 * process, so the office shows it at once. The shop enabling or disabling the plugin clears it.
 */
export async function leaveInstallNotice(
  deps: { readonly db: Database; readonly coordination: Coordination },
  tenantId: string,
  pluginIds: readonly string[],
  notice: string,
): Promise<void> {
  await deps.db.transaction({ tenantId }, (tx) =>
    tx.query('update kernel.plugin_installs set notice = $3, updated_at = now() where tenant_id = $1 and plugin_id = any($2)', [
      tenantId,
      pluginIds,
      notice,
    ]),
  );
  await deps.coordination.pubsub.publish(PLUGINS_CHANGED_CHANNEL, tenantId);
}
