import { notFound, type Actor, type SyncCheckpoint, type SyncDocument } from '@kits/plugin-sdk';
import type { Database } from '../db/database.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';

export interface PullDeps {
  readonly db: Database;
  readonly host: PluginHost;
}

export interface PullAnswer {
  readonly documents: ReadonlyArray<{ id: string; deleted: boolean; data: Record<string, unknown> }>;
  /** Where to continue from; the same checkpoint when nothing changed. */
  readonly checkpoint: SyncCheckpoint | null;
}

/**
 * One page of a pull source (`<plugin id>.<name>`) after a checkpoint, for a till (RxDB's pull
 * protocol). Only changes of transactions that have all ended are handed out, so a checkpoint
 * never moves past a change that commits later.
 */
export async function pullSource(
  deps: PullDeps,
  actor: Actor,
  sourceName: string,
  after: SyncCheckpoint | null,
  limit: number,
): Promise<PullAnswer> {
  const dot = sourceName.indexOf('.');
  const pluginId = sourceName.slice(0, dot);
  const name = sourceName.slice(dot + 1);
  return deps.db.transaction({ tenantId: actor.tenantId }, async (tx) => {
    const active = dot > 0 ? await deps.host.activePlugin(actor.tenantId, pluginId, tx) : undefined;
    const source = active?.loaded.syncSources.get(name);
    if (!active || !source) {
      throw notFound('sync.unknown_source', `There is no sync source ${sourceName} among this tenant's enabled plugins.`);
    }
    const installs = await deps.host.installsOf(actor.tenantId, tx);
    const [snapshot] = await tx.query<{ visible_below: string }>('select pg_snapshot_xmin(pg_current_snapshot())::text as visible_below');
    const documents: readonly SyncDocument[] = await source.pull(
      {
        after,
        visibleBelow: snapshot!.visible_below,
        limit,
        deviceId: actor.deviceId ?? '',
        locationId: actor.locationId ?? null,
      },
      deps.host.handlerContext(tx, actor, active.loaded, active.install.settings, installs),
    );
    const last = documents.at(-1);
    return {
      documents: documents.map((d) => ({ id: d.id, deleted: d.deleted, data: d.data })),
      checkpoint: last ? { changeId: last.changeId, id: last.id } : after,
    };
  });
}
