/**
 * The tenant's own directory as the kernel keeps it, read by plugins through `tx.directory`: its
 * name and zone, locations, tills, people's names, device alerts, till-event outcomes and the event
 * catalogue. A plugin never reads the kernel's tables itself.
 */
/** A store or warehouse of the tenant. */
export interface TenantLocation {
  readonly id: string;
  readonly name: string;
  readonly kind: 'store' | 'warehouse';
  /** The location's IANA time zone: its own, or the tenant's when it has none (a business day is its local date). */
  readonly timezone: string;
}

/** A till device of the tenant, as a report or a list names it. */
export interface TenantDevice {
  readonly id: string;
  readonly locationId: string;
  readonly name: string;
  readonly revoked: boolean;
}

/** A person of the tenant (a user: staff, a cashier) as a report or a list names them — their display name, nothing else. */
export interface TenantPerson {
  readonly id: string;
  readonly displayName: string;
}

/**
 * The tenant's own directory, read in the caller's transaction (so under the tenant's row-level
 * security): what plugins need of the kernel's tenancy data, without SQL on its tables.
 */
export interface TenantDirectory {
  /** The tenant: its name, its ISO 4217 currency and its IANA time zone (read once per transaction). */
  tenant(): Promise<{ readonly name: string; readonly currency: string; readonly timezone: string }>;
  /** Those of `ids` that are locations of the tenant (unknown ids are left out). */
  locations(ids: readonly string[]): Promise<readonly TenantLocation[]>;
  /** Every location of the tenant, oldest first (a report over "all the locations I may see" starts here). */
  allLocations(): Promise<readonly TenantLocation[]>;
  /** A till device of the tenant, and whether it was revoked; undefined when there is none. */
  device(id: string): Promise<{ readonly id: string; readonly locationId: string; readonly revoked: boolean } | undefined>;
  /** Those of `ids` that are till devices of the tenant, with their names (unknown ids and ids that are not UUIDs are left out). */
  devices(ids: readonly string[]): Promise<readonly TenantDevice[]>;
  /**
   * Those of `ids` that are people of the tenant, with their display names (unknown ids and ids that
   * are not UUIDs are left out) — a cashier's name for a report. Only the name: never an email, a
   * credential or anything else of the person.
   */
  people(ids: readonly string[]): Promise<readonly TenantPerson[]>;
  /**
   * The tenant's event catalogue: every event type the plugins enabled for the tenant declare in
   * their manifest's `publishes`, with its description and publisher, sorted by type — what a
   * subscriber (a webhook endpoint, a notification rule) may name.
   */
  eventTypes(): Promise<readonly CatalogueEventType[]>;
  /**
   * What is wrong with the tenant's devices now — a till stuck with unsent events for 5 minutes, a
   * device or a till's printer reporting an error, a till older than the minimum version — as the
   * kernel computes it on read (nothing is stored: D-197). The office's device alerts, for plugins.
   */
  deviceAlerts(): Promise<readonly TenantDeviceAlert[]>;
  /**
   * How the tills' pushed events fared since `since` (ISO 8601), per location: accepted, and
   * denied (the offline conflicts the till puts in its resolution queue). Revoked tills included.
   */
  tillEventOutcomes(since: string): Promise<readonly TillEventOutcomes[]>;
}

/** One alert of `TenantDirectory.deviceAlerts()`. */
export interface TenantDeviceAlert {
  readonly deviceId: string;
  readonly deviceName: string;
  readonly locationId: string;
  readonly kind: 'stuck-sync' | 'device-error' | 'peripheral-error' | 'update-required';
  readonly message: string;
  /** Since when it holds, as far as the kernel knows (ISO 8601), or null. */
  readonly since: string | null;
}

/** The till events of one location received in a window, by their answer. */
export interface TillEventOutcomes {
  readonly locationId: string;
  readonly accepted: number;
  readonly denied: number;
}

/** One event type of the tenant's catalogue (`tx.directory.eventTypes()`). */
export interface CatalogueEventType {
  /** `<plugin>.<entity>.<verb>` */
  readonly type: string;
  readonly description: string;
  /** The id of the plugin that publishes it (`kernel` for the kernel's own, such as `kernel.event.dead_lettered`). */
  readonly pluginId: string;
}
