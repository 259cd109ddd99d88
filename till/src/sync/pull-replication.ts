import type { RxCollection } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { Subject, type Observable } from 'rxjs';
import type { TillApi } from '@kits/plugin-sdk/till';

/** Where a pull stopped, as the kernel's sync gateway hands it out. */
export interface GatewayCheckpoint {
  changeId: string;
  id: string;
}

interface PulledPage {
  documents: Array<{ id: string; deleted: boolean; data: Record<string, unknown> }>;
  checkpoint: GatewayCheckpoint | null;
}

export interface PullReplicationOptions<Doc extends { id: string }> {
  readonly collection: RxCollection<Doc>;
  /** The gateway source, `<plugin id>.<name>` (`core-inventory.catalog`). */
  readonly source: string;
  /** Pulls go through the kernel's API as the signed-in cashier. */
  readonly client: TillApi;
  /** Emits whenever the server says this source has news (the live stream); the replication pulls again. */
  readonly news$?: Observable<unknown>;
  /** Turns a pulled document into the local one. */
  readonly toDoc?: (id: string, data: Record<string, unknown>) => Doc;
  /** Runs on each pulled page before RxDB stores it (keeping derived collections in step). */
  readonly onPage?: (documents: PulledPage['documents']) => Promise<void>;
  readonly batchSize?: number;
}

/**
 * Replicates a gateway source into a local collection by RxDB's pull protocol: checkpointed
 * pages, retried when offline, and pulled again whenever the live stream says so.
 */
export function replicateSource<Doc extends { id: string }>(
  options: PullReplicationOptions<Doc>,
): RxReplicationState<Doc, GatewayCheckpoint> {
  const resync = new Subject<'RESYNC'>();
  options.news$?.subscribe(() => resync.next('RESYNC'));
  return replicateRxCollection<Doc, GatewayCheckpoint>({
    collection: options.collection,
    replicationIdentifier: `kits-gateway-${options.source}`,
    live: true,
    retryTime: 2_000,
    autoStart: true,
    pull: {
      batchSize: options.batchSize ?? 500,
      async handler(checkpoint, batchSize) {
        const page = await options.client.post<PulledPage>(`/api/v1/sync/pull/${options.source}`, {
          checkpoint: checkpoint ?? null,
          limit: batchSize,
        });
        await options.onPage?.(page.documents);
        return {
          documents: page.documents.map((d) => ({
            ...(options.toDoc ? options.toDoc(d.id, d.data) : (d.data as unknown as Doc)),
            id: d.id,
            _deleted: d.deleted,
          })),
          checkpoint: page.checkpoint ?? checkpoint ?? null,
        } as never;
      },
      stream$: resync.asObservable(),
    },
  });
}
