import type { Database, Sql } from '../../db/database.ts';

/** How a person signed in. */
export type SignInMethod = 'password' | 'sso' | 'pin' | 'passkey';

/** Where a sign-in came from: the client's address and browser, as the request says. */
export interface SignInContext {
  readonly userAgent?: string;
  readonly address?: string;
}

/** How a session began (`kernel.sessions`). */
export interface SessionStart {
  readonly tenantId: string;
  readonly userId: string;
  readonly client: 'office' | 'till';
  readonly method: SignInMethod;
  readonly deviceId?: string;
  readonly secondFactor?: boolean;
  /** An SSO session's refresh token at the provider, sealed. */
  readonly providerRefreshSealed?: string;
  readonly context: SignInContext;
}

/** A session as the person (or a staff manager) sees it in the list. */
export interface SessionView {
  readonly id: string;
  readonly client: 'office' | 'till';
  readonly method: SignInMethod;
  readonly deviceName: string | null;
  readonly userAgent: string | null;
  readonly address: string | null;
  readonly secondFactor: boolean;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly current: boolean;
}

export async function insertSession(sql: Sql, sessionId: string, start: SessionStart): Promise<void> {
  await sql.query(
    `insert into kernel.sessions (tenant_id, session_id, user_id, device_id, client, method, user_agent, address, second_factor,
                                  provider_refresh_sealed, provider_checked_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, case when $10::text is null then null else now() end)`,
    [
      start.tenantId,
      sessionId,
      start.userId,
      start.deviceId ?? null,
      start.client,
      start.method,
      start.context.userAgent?.slice(0, 300) ?? null,
      start.context.address?.slice(0, 100) ?? null,
      start.secondFactor ?? false,
      start.providerRefreshSealed ?? null,
    ],
  );
}

/** A person's open sessions, newest use first; `current` marks the one asking. */
export async function openSessionsOf(sql: Sql, userId: string, currentSessionId: string | undefined): Promise<SessionView[]> {
  const rows = await sql.query<{
    session_id: string;
    client: 'office' | 'till';
    method: SignInMethod;
    device_name: string | null;
    user_agent: string | null;
    address: string | null;
    second_factor: boolean;
    created_at: Date;
    last_used_at: Date;
  }>(
    `select s.session_id, s.client, s.method, d.name as device_name, s.user_agent, s.address, s.second_factor, s.created_at, s.last_used_at
       from kernel.sessions s left join kernel.devices d on d.tenant_id = s.tenant_id and d.device_id = s.device_id
      where s.user_id = $1 and s.ended_at is null
        and exists (select 1 from kernel.refresh_tokens r
                     where r.tenant_id = s.tenant_id and r.family_id = s.session_id and r.used_at is null and r.revoked_at is null and r.expires_at > now())
      order by s.last_used_at desc
      limit 200`,
    [userId],
  );
  return rows.map((row) => ({
    id: row.session_id,
    client: row.client,
    method: row.method,
    deviceName: row.device_name,
    userAgent: row.user_agent,
    address: row.address,
    secondFactor: row.second_factor,
    createdAt: new Date(row.created_at).toISOString(),
    lastUsedAt: new Date(row.last_used_at).toISOString(),
    current: row.session_id === currentSessionId,
  }));
}

/**
 * Ends sessions: their refresh tokens are revoked at once, and `EndedSessions` refuses their access
 * tokens. `which` picks them: one session, all of a person's, or all of a person's but one.
 */
export async function endSessions(
  sql: Sql,
  userId: string,
  which: { readonly only: string } | { readonly allBut?: string },
): Promise<string[]> {
  const ended = await sql.query<{ session_id: string }>(
    `update kernel.sessions set ended_at = now()
      where user_id = $1 and ended_at is null
        and ($2::uuid is null or session_id = $2) and ($3::uuid is null or session_id <> $3)
      returning session_id`,
    [userId, 'only' in which ? which.only : null, 'allBut' in which ? (which.allBut ?? null) : null],
  );
  const ids = ended.map((row) => row.session_id);
  if (ids.length > 0)
    await sql.query('update kernel.refresh_tokens set revoked_at = now() where family_id = any($1::uuid[]) and revoked_at is null', [ids]);
  return ids;
}

/**
 * The sessions ended lately, so every kernel process refuses their access tokens within a few
 * seconds without a database read per request: the list of those ended within an access token's
 * lifetime is read again at most every `reloadMs`.
 */
export class EndedSessions {
  readonly #db: Database;
  readonly #accessTtlSeconds: number;
  readonly #reloadMs: number;
  #ended = new Set<string>();
  #loadedAt = 0;
  #loading: Promise<void> | undefined;

  constructor(deps: { db: Database; accessTtlSeconds: number; reloadMs?: number }) {
    this.#db = deps.db;
    this.#accessTtlSeconds = deps.accessTtlSeconds;
    this.#reloadMs = deps.reloadMs ?? 5000;
  }

  /** Ended here: refused from now on in this process. */
  add(sessionIds: readonly string[]): void {
    for (const id of sessionIds) this.#ended.add(id);
  }

  async isEnded(sessionId: string): Promise<boolean> {
    if (Date.now() - this.#loadedAt > this.#reloadMs) {
      this.#loading ??= this.#reload().finally(() => {
        this.#loading = undefined;
      });
      await this.#loading;
    }
    return this.#ended.has(sessionId);
  }

  async #reload(): Promise<void> {
    const rows = await this.#db.query<{ session_id: string }>(
      'select session_id from kernel.sessions where ended_at is not null and ended_at > now() - make_interval(secs => $1)',
      [this.#accessTtlSeconds + 60],
    );
    this.#ended = new Set(rows.map((row) => row.session_id));
    this.#loadedAt = Date.now();
  }
}
