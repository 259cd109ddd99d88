// Part of the office context ('@kits/plugin-sdk/office'): bundled into one module for the office (office/vite.config.ts).

/** A store or warehouse of the tenant, as the office lists them. */
export interface OfficeLocation {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly timeZone?: string;
  readonly currency?: string;
}

/** Who is signed in to the office, and what they may do. */
export interface OfficeSession {
  readonly userId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly email: string;
  /** The person's locale (`en-GB`): money, numbers and dates are formatted for it. */
  readonly locale: string;
  /** The locations this person may work at (all of them for a tenant-wide role). */
  readonly locations: readonly OfficeLocation[];
  /**
   * Whether they hold `permission` (`core-inventory:products.write`), tenant-wide or at
   * `locationId` when given. Pages and actions check it to offer only what will be allowed; the
   * kernel checks again on every request.
   */
  may(permission: string, locationId?: string): boolean;
}

/** The location the person chose in the office's switcher (`undefined`: all their locations). */
export interface OfficeLocationChoice {
  readonly current: OfficeLocation | undefined;
  /** Called with the new choice whenever the person switches; returns a function that stops it. */
  watch(listener: (location: OfficeLocation | undefined) => void): () => void;
}
