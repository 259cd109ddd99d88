import { badRequest, DomainError } from '@kits/plugin-sdk';
import type { Database, Sql } from '../../db/database.ts';
import type { SettingsCipher } from '../../plugins/plugin-settings.ts';
import { discoverProvider, issuerUrl, type DiscoveredProvider } from './oidc-client.ts';

/** What a provider's client secret is sealed for (additional data): its shop. Exported for re-sealing (reseal.ts). */
export const clientSecretContext = (tenantId: string) => `identity-provider:${tenantId}:client-secret`;
/** A group the provider's group claim names, and the role (at a location, or everywhere) it gives. */
export interface GroupRole {
  readonly group: string;
  readonly roleId: string;
  readonly locationId: string | null;
}

/** A shop's identity provider as its managers see it (the client secret never leaves the kernel). */
export interface IdentityProviderView {
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecretSet: boolean;
  readonly emailDomains: readonly string[];
  readonly createAccounts: boolean;
  readonly groupClaim: string;
  readonly groupRoles: readonly GroupRole[];
}

export interface IdentityProviderInput {
  readonly name: string;
  readonly issuer: string;
  readonly clientId: string;
  /** Left out: the stored one is kept. */
  readonly clientSecret?: string;
  readonly emailDomains: readonly string[];
  readonly createAccounts: boolean;
  readonly groupClaim: string;
  readonly groupRoles: readonly GroupRole[];
}

interface ProviderRow {
  name: string;
  issuer: string;
  client_id: string;
  client_secret_sealed: string;
  create_accounts: boolean;
  group_claim: string;
  group_roles: GroupRole[];
  updated_at: Date;
  domains: string[] | null;
}

/** What signing in through a shop's provider needs: the discovered provider and the mapping. */
export interface ProviderForSignIn extends DiscoveredProvider {
  readonly tenantId: string;
  readonly view: IdentityProviderView;
}

/**
 * Mail services anyone signs up to: a shop claiming one would send strangers to its provider at
 * "continue with your company account" (a domain is the first claimer's, D-225).
 */
const PUBLIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'live.com',
  'msn.com',
  'yahoo.com',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  'orange.fr',
  'free.fr',
  't-online.de',
  'libero.it',
]);

/** How long a provider's discovery document (and with it its JWKS cache) is kept before it is read again. */
const DISCOVERY_TTL_MS = 10 * 60_000;

const toView = (row: ProviderRow): IdentityProviderView => ({
  name: row.name,
  issuer: row.issuer,
  clientId: row.client_id,
  clientSecretSet: true,
  emailDomains: [...(row.domains ?? [])].sort(),
  createAccounts: row.create_accounts,
  groupClaim: row.group_claim,
  groupRoles: row.group_roles,
});

/**
 * Shops' identity providers: stored with the client secret sealed, discovered with `openid-client`
 * (the configuration kept for ten minutes per shop, so its JWKS cache is reused across sign-ins; an
 * ID token signed with a key it has not seen makes it fetch the JWKS again).
 */
export class IdentityProviders {
  readonly #db: Database;
  readonly #cipher: SettingsCipher;
  readonly #configurations = new Map<string, { key: string; at: number; discovered: Promise<DiscoveredProvider> }>();

  constructor(deps: { db: Database; cipher: SettingsCipher }) {
    this.#db = deps.db;
    this.#cipher = deps.cipher;
  }

  #secretContext = clientSecretContext;

  async #row(sql: Sql, tenantId: string): Promise<ProviderRow | undefined> {
    const [row] = await sql.query<ProviderRow>(
      `select p.name, p.issuer, p.client_id, p.client_secret_sealed, p.create_accounts, p.group_claim, p.group_roles, p.updated_at,
              (select array_agg(d.domain) from kernel.identity_provider_domains d where d.tenant_id = p.tenant_id) as domains
         from kernel.identity_providers p where p.tenant_id = $1`,
      [tenantId],
    );
    return row;
  }

  async view(sql: Sql, tenantId: string): Promise<IdentityProviderView | undefined> {
    const row = await this.#row(sql, tenantId);
    return row ? toView(row) : undefined;
  }

  async save(sql: Sql, tenantId: string, input: IdentityProviderInput): Promise<IdentityProviderView> {
    const issuer = issuerUrl(input.issuer);
    const existing = await this.#row(sql, tenantId);
    const secret =
      input.clientSecret ?? (existing ? this.#cipher.open(existing.client_secret_sealed, this.#secretContext(tenantId)) : undefined);
    if (secret === undefined)
      throw badRequest('auth.sso_client_secret_required', 'Enter the client secret the provider gave for this app.', {
        field: 'clientSecret',
      });
    try {
      await discoverProvider(issuer, input.clientId, secret);
    } catch (error) {
      throw new DomainError(
        'auth.sso_issuer_unreachable',
        422,
        `The provider's discovery document at ${issuer.href.replace(/\/$/, '')}/.well-known/openid-configuration cannot be read (${(error as Error).message}); check the issuer URL.`,
        { field: 'issuer' },
      );
    }
    const domains = [...new Set(input.emailDomains.map((domain) => domain.trim().toLowerCase()))];
    const shared = domains.filter((domain) => PUBLIC_MAIL_DOMAINS.has(domain));
    if (shared.length > 0)
      throw badRequest(
        'auth.sso_public_domain',
        `${shared.join(', ')} is a public mail service: its people are not your company's. Name your company's own domain.`,
        { field: 'emailDomains' },
      );
    const roles = await sql.query<{ role_id: string }>('select role_id from kernel.roles where role_id = any($1::uuid[])', [
      input.groupRoles.map((mapping) => mapping.roleId),
    ]);
    const unknownRole = input.groupRoles.find((mapping) => !roles.some((role) => role.role_id === mapping.roleId));
    if (unknownRole)
      throw badRequest('auth.sso_unknown_role', `The group "${unknownRole.group}" names a role this shop does not have.`, {
        field: 'groupRoles',
      });
    const locationIds = input.groupRoles.flatMap((mapping) => (mapping.locationId ? [mapping.locationId] : []));
    const locations = await sql.query<{ location_id: string }>(
      'select location_id from kernel.locations where location_id = any($1::uuid[])',
      [locationIds],
    );
    if (locationIds.some((id) => !locations.some((location) => location.location_id === id)))
      throw badRequest('auth.sso_unknown_location', 'A group names a location this shop does not have.', { field: 'groupRoles' });
    await sql.query(
      `insert into kernel.identity_providers (tenant_id, name, issuer, client_id, client_secret_sealed, create_accounts, group_claim, group_roles)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (tenant_id) do update set name = excluded.name, issuer = excluded.issuer, client_id = excluded.client_id,
         client_secret_sealed = excluded.client_secret_sealed, create_accounts = excluded.create_accounts,
         group_claim = excluded.group_claim, group_roles = excluded.group_roles, updated_at = now()`,
      [
        tenantId,
        input.name,
        input.issuer.replace(/\/$/, ''),
        input.clientId,
        this.#cipher.seal(secret, this.#secretContext(tenantId)),
        input.createAccounts,
        input.groupClaim,
        JSON.stringify(input.groupRoles),
      ],
    );
    await sql.query('delete from kernel.identity_provider_domains where tenant_id = $1 and domain <> all($2::text[])', [tenantId, domains]);
    // A domain is the shop's that claimed it first: the key refuses another's (their rows are not visible here).
    await sql.query(
      'insert into kernel.identity_provider_domains (domain, tenant_id) select unnest($2::text[]), $1 on conflict (domain) do nothing',
      [tenantId, domains],
    );
    const mine = await sql.query<{ domain: string }>('select domain from kernel.identity_provider_domains where tenant_id = $1', [
      tenantId,
    ]);
    const taken = domains.filter((domain) => !mine.some((row) => row.domain === domain));
    if (taken.length > 0)
      throw new DomainError(
        'auth.sso_domain_taken',
        409,
        `Another shop already signs in people of ${taken.join(', ')}; ask KiTS support if that is wrong.`,
        { field: 'emailDomains' },
      );
    this.#configurations.delete(tenantId);
    return (await this.view(sql, tenantId))!;
  }

  async remove(sql: Sql, tenantId: string): Promise<boolean> {
    const [tenant] = await sql.query<{ password_sign_in: boolean }>('select password_sign_in from kernel.tenants where tenant_id = $1', [
      tenantId,
    ]);
    if (tenant && !tenant.password_sign_in)
      throw new DomainError(
        'auth.sso_needed_for_sign_in',
        409,
        'Password sign-in is off, so nobody could sign in without the provider: turn password sign-in on first.',
      );
    // The domains route sign-ins to the shop: a reference table, so no foreign key cascades into it (D-232).
    await sql.query('delete from kernel.identity_provider_domains where tenant_id = $1', [tenantId]);
    const removed = await sql.query('delete from kernel.identity_providers where tenant_id = $1 returning 1', [tenantId]);
    this.#configurations.delete(tenantId);
    return removed.length > 0;
  }

  /** The shop that signs in people of an e-mail's domain, with its provider's name. */
  async byEmailDomain(email: string): Promise<{ tenantId: string; slug: string; shopName: string; providerName: string } | undefined> {
    const domain = email.split('@')[1]?.toLowerCase();
    if (!domain) return undefined;
    const [row] = await this.#db.query<{ tenant_id: string; slug: string; shop_name: string; provider_name: string }>(
      `select t.tenant_id, t.slug, t.name as shop_name, p.name as provider_name
         from kernel.identity_provider_domains d
         join kernel.identity_providers p on p.tenant_id = d.tenant_id
         join kernel.tenants t on t.tenant_id = d.tenant_id
        where d.domain = $1`,
      [domain],
    );
    return row ? { tenantId: row.tenant_id, slug: row.slug, shopName: row.shop_name, providerName: row.provider_name } : undefined;
  }

  /** The shop's provider ready to sign in with; 404 when it has none, 503 when the provider cannot be reached. */
  async forSignIn(tenantId: string, sql?: Sql): Promise<ProviderForSignIn> {
    // Within a transaction already (a refresh holds its token's lock), its connection reads the row.
    const row = sql ? await this.#row(sql, tenantId) : await this.#db.transaction({ tenantId }, (tx) => this.#row(tx, tenantId));
    if (!row)
      throw new DomainError('auth.sso_not_configured', 404, 'This shop has no company sign-in; sign in with your e-mail and password.');
    const key = `${row.issuer}|${row.client_id}|${new Date(row.updated_at).getTime()}`;
    let cached = this.#configurations.get(tenantId);
    if (!cached || cached.key !== key || Date.now() - cached.at > DISCOVERY_TTL_MS) {
      const secret = this.#cipher.open(row.client_secret_sealed, this.#secretContext(tenantId));
      if (secret === undefined)
        throw new DomainError(
          'auth.sso_secret_unreadable',
          409,
          "The provider's client secret cannot be read (the kernel's key changed): a manager enters it again in Settings.",
        );
      cached = { key, at: Date.now(), discovered: discoverProvider(new URL(row.issuer), row.client_id, secret) };
      this.#configurations.set(tenantId, cached);
      cached.discovered.catch(() => this.#configurations.delete(tenantId));
    }
    try {
      return { tenantId, view: toView(row), ...(await cached.discovered) };
    } catch (error) {
      throw new DomainError(
        'auth.sso_provider_unreachable',
        503,
        `Your company's identity provider cannot be reached (${(error as Error).message}); try again in a minute.`,
      );
    }
  }
}
