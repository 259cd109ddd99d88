import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { problem, sendProblem } from '../http/problem.ts';
import {
  hasPermission,
  isPairedDevice,
  type Authenticated,
  type Authenticator,
  type PairedDevice,
  type Principal,
} from './authenticated.ts';
import { DevicePresence, reportedPendingEvents } from './device-presence.ts';
import { deviceRevoked, HEARTBEAT_PATH, isRevokedTillPush, readDeviceStanding, type DeviceStanding } from './device-standing.ts';
import type { EndedSessions } from './sessions/session-records.ts';
import type { TokenSigner } from './tokens.ts';

export const API_KEY_PATTERN = /^kits_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
/** A paired till's device key (pairing gives it): `kitsdev_` and 43 characters of base64url (256 random bits). */
export const DEVICE_KEY_PATTERN = /^kitsdev_[A-Za-z0-9_-]{43}$/;
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

const unauthorized = (code: string, detail: string) => new DomainError(code, 401, detail);

/** Reads `Authorization: Bearer <jwt>` or `Authorization: ApiKey <key>`. */
export function createAuthenticator(deps: { db: Database; signer: TokenSigner; endedSessions: EndedSessions }): Authenticator {
  const { db, signer } = deps;
  const presence = new DevicePresence(db);

  async function apiKey(key: string): Promise<Principal> {
    const match = API_KEY_PATTERN.exec(key);
    if (!match) throw unauthorized('auth.invalid_api_key', 'The API key is malformed; keys look like kits_<12 hex>_<secret>.');
    // A prefix is unique only within a tenant (D-232): the key is the one whose secret matches.
    const rows = await db.query<{
      tenant_id: string;
      api_key_id: string;
      key_hash: string;
      permissions: string[];
      location_id: string | null;
      revoked_at: Date | null;
    }>('select tenant_id, api_key_id, key_hash, permissions, location_id, revoked_at from kernel.api_keys where prefix = $1', [match[1]]);
    const presented = Buffer.from(sha256(match[2]!), 'hex');
    const row = rows.find((candidate) => timingSafeEqual(presented, Buffer.from(candidate.key_hash, 'hex')));
    if (!row) throw unauthorized('auth.invalid_api_key', 'The API key is not valid.');
    if (row.revoked_at) throw unauthorized('auth.api_key_revoked', 'The API key was revoked; ask an admin for a new one.');
    void db
      .query(
        "update kernel.api_keys set last_used_at = now() where tenant_id = $1 and api_key_id = $2 and (last_used_at is null or last_used_at < now() - interval '1 minute')",
        [row.tenant_id, row.api_key_id],
      )
      .catch(() => undefined);
    return {
      actor: { kind: 'api-key', id: row.api_key_id, tenantId: row.tenant_id, ...(row.location_id ? { locationId: row.location_id } : {}) },
      grants: { [row.location_id ?? '*']: row.permissions },
    };
  }

  async function deviceKey(key: string): Promise<{ device: PairedDevice; standing: DeviceStanding }> {
    if (!DEVICE_KEY_PATTERN.test(key)) throw unauthorized('auth.invalid_device_key', 'The device key is malformed; pair the till again.');
    // Across tenants (the key names none): the kernel's own connection, by the key's hash.
    const [row] = await db.query<{
      tenant_id: string;
      device_id: string;
      location_id: string;
      revoked_at: Date | string | null;
      version: string | null;
      minimum_till_version: string | null;
    }>(
      `select d.tenant_id, d.device_id, d.location_id, d.revoked_at, d.version, t.minimum_till_version
         from kernel.devices d join kernel.tenants t on t.tenant_id = d.tenant_id
        where d.key_hash = $1`,
      [sha256(key)],
    );
    if (!row)
      throw unauthorized('auth.invalid_device_key', 'This device key is not valid (the till was paired again); pair the till again.');
    const revokedAt = row.revoked_at === null ? null : new Date(row.revoked_at);
    return {
      device: { kind: 'device', tenantId: row.tenant_id, deviceId: row.device_id, locationId: row.location_id, revokedAt },
      standing: { revokedAt, version: row.version, minimumVersion: row.minimum_till_version },
    };
  }

  /**
   * Who the request's credentials name. A till's (its key, or a cashier's token issued on it) is
   * checked against its device row on every request — a revoked till is refused at once, but for
   * the push of what it recorded before — and recorded as seen.
   */
  async function authenticate(request: FastifyRequest): Promise<Principal> {
    const { principal, standing: keyed } = await identify(request);
    const device = isPairedDevice(principal)
      ? principal
      : 'actor' in principal && principal.actor.deviceId
        ? { tenantId: principal.actor.tenantId, deviceId: principal.actor.deviceId }
        : undefined;
    if (!device) return principal;
    const standing = keyed ?? (await readDeviceStanding(db, device.tenantId, device.deviceId));
    if (!standing) throw unauthorized('auth.unknown_device', 'This device is not registered with the tenant; pair the till again.');
    // A cashier's token on a revoked till is refused everywhere: the till pushes its last events with its device key.
    if (standing.revokedAt && !(isPairedDevice(principal) && isRevokedTillPush(request))) throw deviceRevoked();
    request.deviceStanding = standing;
    if (!standing.revokedAt && !request.url.startsWith(HEARTBEAT_PATH))
      presence.seen(device.tenantId, device.deviceId, reportedPendingEvents(request));
    return principal;
  }

  return { authenticate };

  async function identify(request: FastifyRequest): Promise<{ principal: Principal; standing?: DeviceStanding }> {
    const header = request.headers.authorization ?? '';
    const [scheme, credential] = header.split(/\s+/, 2);
    if (scheme?.toLowerCase() === 'apikey' && credential) return { principal: await apiKey(credential) };
    if (scheme?.toLowerCase() === 'device' && credential) {
      const { device, standing } = await deviceKey(credential);
      return { principal: device, standing };
    }
    if (scheme?.toLowerCase() !== 'bearer' || !credential) {
      throw unauthorized('auth.unsupported_scheme', 'Send Authorization: Bearer <access token> or Authorization: ApiKey <key>.');
    }
    const claims = await signer.verify(credential);
    if (claims.kind === 'operator') return { principal: { kind: 'operator', operatorId: claims.sub } };
    if (!claims.tid) throw unauthorized('auth.invalid_token', 'The access token names no tenant; sign in again.');
    if (claims.sid && (await deps.endedSessions.isEnded(claims.sid)))
      throw unauthorized('auth.session_ended', 'This session was ended (signed out, or from the list of sessions); sign in again.');
    const principal: Authenticated = {
      actor: {
        kind: claims.kind,
        id: claims.sub,
        tenantId: claims.tid,
        ...(claims.dev ? { deviceId: claims.dev } : {}),
        ...(claims.loc ? { locationId: claims.loc } : {}),
      },
      grants: claims.grants ?? {},
      ...(claims.sid ? { sessionId: claims.sid } : {}),
    };
    return { principal };
  }
}

/** Sets `request.principal` for every request that carries credentials; bad credentials answer 401. */
function bearerFromWebSocketProtocols(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const offered = header.split(',').map((p) => p.trim());
  return offered.find((p) => p.startsWith('bearer.'))?.slice('bearer.'.length);
}

/** Where plugins receive other systems' calls (kernel/src/plugins/webhooks.ts). */
const WEBHOOKS_PREFIX = '/webhooks/';

export function installAuthentication(app: FastifyInstance, authenticator: Authenticator): void {
  app.addHook('onRequest', (request, reply, done) => {
    // Webhooks from other systems sign in to nobody: whatever Authorization header their sender
    // adds (Basic auth, say) is the plugin's to check, never a KiTS credential.
    if (request.url.startsWith(WEBHOOKS_PREFIX)) return done();
    if (request.headers.authorization === undefined) {
      // Browsers cannot set headers on a WebSocket: the token comes as a subprotocol "bearer.<token>".
      const token = bearerFromWebSocketProtocols(request.headers['sec-websocket-protocol']);
      if (token === undefined) return done();
      request.headers.authorization = `Bearer ${token}`;
    }
    authenticator.authenticate(request).then(
      (principal) => {
        request.principal = principal;
        done();
      },
      (error: unknown) => {
        if (!(error instanceof DomainError)) return done(error as Error);
        reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${error.message.replaceAll('"', "'")}"`);
        sendProblem(reply, problem(error.status, error.code, error.message));
      },
    );
  });
}

/** The signed-in tenant user, cashier or API key; 401 without credentials, 403 for operators. */
export function requireTenantActor(request: FastifyRequest): Authenticated {
  const principal = request.principal;
  if (!principal) throw unauthorized('auth.required', 'Sign in first: send Authorization: Bearer <access token> or ApiKey <key>.');
  if (isPairedDevice(principal))
    throw new DomainError('auth.forbidden', 403, 'A device key only lists who signs in on the till; sign in as a cashier for this.');
  if (!('actor' in principal))
    throw new DomainError('auth.forbidden', 403, 'This acts for a tenant; operators cannot use it. Sign in as a tenant user.');
  return principal;
}

/** A person signed in (a user, or a cashier on a till): not an API key, which has no sessions or second factor. */
export function requirePerson(request: FastifyRequest): Authenticated {
  const authenticated = requireTenantActor(request);
  if (authenticated.actor.kind !== 'user' && authenticated.actor.kind !== 'cashier')
    throw new DomainError('auth.person_required', 403, 'Only a person signed in can do this; an API key cannot.');
  return authenticated;
}

/** The paired till a request comes from (`Authorization: Device <key>`); 401 otherwise. */
export function requirePairedDevice(request: FastifyRequest): PairedDevice {
  const principal = request.principal;
  if (!isPairedDevice(principal))
    throw unauthorized('auth.device_key_required', 'Send the key the till got when it was paired: Authorization: Device <device key>.');
  return principal;
}

export function requireOperator(request: FastifyRequest): string {
  const principal = request.principal;
  if (!principal) throw unauthorized('auth.required', 'Sign in as an operator first (POST /api/v1/auth/operator/login).');
  if (!('operatorId' in principal)) throw new DomainError('auth.forbidden', 403, 'Only operators may do this.');
  return principal.operatorId;
}

/** The tenant actor, if they hold `permission` (at `locationId` when given); 403 naming it otherwise. */
export function requirePermission(request: FastifyRequest, permission: string, locationId?: string): Authenticated {
  const authenticated = requireTenantActor(request);
  if (!hasPermission(authenticated.grants, permission, locationId)) {
    throw new DomainError(
      'auth.forbidden',
      403,
      `You need the permission "${permission}"${locationId ? ' at this location' : ''}; ask an admin to grant it.`,
      { permission },
    );
  }
  return authenticated;
}
