import type { Actor } from '@kits/plugin-sdk';
import type { FastifyRequest } from 'fastify';
import type { DeviceStanding } from './device-standing.ts';

/** Permissions granted per location; `*` holds those granted at every location. */
export type PermissionGrants = Readonly<Record<string, readonly string[]>>;

/** The caller of a request, once its credentials are checked. */
export interface Authenticated {
  readonly actor: Actor;
  readonly grants: PermissionGrants;
  /** The session a person's access token belongs to (`kernel.sessions`); absent for API keys. */
  readonly sessionId?: string;
}

/** A paired till before anyone signs in on it (`Authorization: Device <key>`): it may only list who signs in there. */
export interface PairedDevice {
  readonly kind: 'device';
  readonly tenantId: string;
  readonly deviceId: string;
  readonly locationId: string;
  /** Set when the device was revoked: its key then only pushes what the till recorded before. */
  readonly revokedAt: Date | null;
}

export type Principal = { readonly kind: 'operator'; readonly operatorId: string } | PairedDevice | Authenticated;

export const isPairedDevice = (principal: Principal | undefined): principal is PairedDevice =>
  principal !== undefined && 'kind' in principal && principal.kind === 'device';

/** Turns a request's credentials (Bearer access token, `ApiKey` key or `Device` key) into a principal, or throws 401. */
export interface Authenticator {
  authenticate(request: FastifyRequest): Promise<Principal>;
}

export function hasPermission(grants: PermissionGrants, permission: string, locationId?: string): boolean {
  const everywhere = grants['*'] ?? [];
  if (everywhere.includes(permission) || everywhere.includes('*')) return true;
  if (locationId === undefined) {
    // Without a location, a grant at any location is enough to reach the route; the route checks
    // the location it acts on.
    return Object.values(grants).some((list) => list.includes(permission) || list.includes('*'));
  }
  const atLocation = grants[locationId] ?? [];
  return atLocation.includes(permission) || atLocation.includes('*');
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook when the request carries valid credentials. */
    principal?: Principal;
    /** Set for a till's requests (its device key, or a cashier's token issued on it): revoked?, its version, the tenant's minimum. */
    deviceStanding?: DeviceStanding;
  }
}
