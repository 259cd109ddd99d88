import type { TillApi, TillCollection, TillCollectionOptions, TillCollectionSchema, TillCollections } from '@kits/plugin-sdk/till';
import type { RxCollection, RxJsonSchema } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import type { Observable } from 'rxjs';
import type { TillDatabase } from '../store/till-database.ts';
import { replicateSource, type GatewayCheckpoint } from '../sync/pull-replication.ts';

type PluginDoc = { id: string } & Record<string, unknown>;

/** What plugin collections need from the till: its database, the kernel's API, and news of changes. */
export interface PluginCollectionServices {
  readonly db: TillDatabase;
  readonly api: TillApi;
  /** Emits when the server published one of these event types (the live stream); absent in tests that do not sync. */
  readonly news?: (types: readonly string[]) => Observable<unknown>;
}

const NAME = /^[a-z][a-z0-9]{0,39}$/;

/** FNV-1a of the plugin id, as 8 hex digits: collection names of two plugins never meet. */
function pluginTag(pluginId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < pluginId.length; i++) hash = Math.imul(hash ^ pluginId.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

function rxSchema(schema: TillCollectionSchema): RxJsonSchema<PluginDoc> {
  if ('id' in schema.properties) throw new TypeError('A till collection’s documents have their `id` already: leave it out of properties.');
  return {
    version: schema.version,
    primaryKey: 'id',
    type: 'object',
    properties: { id: { type: 'string', maxLength: 200 }, ...schema.properties },
    required: ['id', ...(schema.required ?? [])],
    ...(schema.indexes ? { indexes: schema.indexes.map((index) => (typeof index === 'string' ? index : [...index])) } : {}),
    ...(schema.encrypted ? { encrypted: [...schema.encrypted] } : {}),
  } as RxJsonSchema<PluginDoc>;
}

function facade<Doc extends { id: string }>(collection: RxCollection<PluginDoc>): TillCollection<Doc> {
  const plain = (doc: { toJSON(): unknown }) => {
    const { _meta, _rev, _attachments, _deleted, ...data } = doc.toJSON() as Record<string, unknown>;
    void [_meta, _rev, _attachments, _deleted];
    return data as Doc;
  };
  return {
    async get(id) {
      const doc = await collection.findOne(id).exec();
      return doc ? plain(doc) : undefined;
    },
    async find(query = {}) {
      const docs = await collection
        .find({
          selector: (query.selector ?? {}) as never,
          ...(query.sort ? { sort: query.sort as never } : {}),
          ...(query.limit !== undefined ? { limit: query.limit } : {}),
        })
        .exec();
      return docs.map(plain);
    },
    async upsert(doc) {
      await collection.upsert(doc as unknown as PluginDoc);
    },
    async remove(id) {
      await collection.findOne(id).remove();
    },
    watch(selector, listener) {
      const subscription = collection.find({ selector: selector as never }).$.subscribe((docs) => listener(docs.map(plain)));
      return () => subscription.unsubscribe();
    },
  };
}

/**
 * The collections plugins keep on the till: one RxDB collection per (plugin, name), named
 * `p<tag of the plugin id>x<name>`, migrated by the plugin's own strategies, optionally pulled from
 * the plugin's sync source. `stop()` ends the pulls (the till signs out).
 */
export class PluginCollections {
  readonly #services: PluginCollectionServices;
  readonly #opened = new Map<string, Promise<TillCollection<PluginDoc>>>();
  readonly #pulls: Array<RxReplicationState<PluginDoc, GatewayCheckpoint>> = [];

  constructor(services: PluginCollectionServices) {
    this.#services = services;
  }

  /** The `collections` of one plugin's context. */
  forPlugin(pluginId: string): TillCollections {
    return {
      open: <Doc extends { id: string }>(name: string, schema: TillCollectionSchema, options?: TillCollectionOptions) => {
        if (!NAME.test(name)) {
          return Promise.reject(
            new TypeError(`"${name}" is not a till collection name: lower-case letters and digits, starting with a letter.`),
          );
        }
        const key = `p${pluginTag(pluginId)}x${name}`;
        let opened = this.#opened.get(key);
        if (!opened) {
          opened = this.#open(pluginId, key, schema, options);
          this.#opened.set(key, opened);
          opened.catch(() => this.#opened.delete(key));
        }
        return opened as unknown as Promise<TillCollection<Doc>>;
      },
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.#pulls.map((pull) => pull.cancel()));
  }

  async #open(pluginId: string, key: string, schema: TillCollectionSchema, options: TillCollectionOptions = {}) {
    const { db } = this.#services;
    const added = await db.addCollections({
      [key]: { schema: rxSchema(schema), ...(options.migrations ? { migrationStrategies: options.migrations as never } : {}) },
    });
    const collection = added[key] as unknown as RxCollection<PluginDoc>;
    if (options.pull) {
      const news = this.#services.news?.(options.pull.changedBy);
      this.#pulls.push(
        replicateSource<PluginDoc>({
          collection,
          source: `${pluginId}.${options.pull.source}`,
          client: this.#services.api,
          ...(news ? { news$: news } : {}),
        }),
      );
    }
    return facade<PluginDoc>(collection);
  }
}
