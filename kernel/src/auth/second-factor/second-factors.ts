import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '@kits/plugin-sdk';
import type { Database, Sql } from '../../db/database.ts';
import type { SettingsCipher } from '../../plugins/plugin-settings.ts';
import type { PermissionGrants } from '../authenticated.ts';
import { grantsOf } from '../sessions/session-tokens.ts';
import { newTotpSecret, totpStep } from './totp.ts';

/** What a person's authenticator secret is sealed for: its shop and person. Exported for re-sealing (reseal.ts). */
export const totpSecretContext = (tenantId: string, userId: string) => `second-factor:${tenantId}:${userId}`;
/** Wrong codes in a row that lock a person's second factor, and for how long. */
export const SECOND_FACTOR_ATTEMPTS = 5;
export const SECOND_FACTOR_LOCK_SECONDS = 300;
export const RECOVERY_CODE_COUNT = 10;

/** What a person proves with: a code from their app, or one of their recovery codes. */
export type SecondFactorProof = { readonly code: string } | { readonly recoveryCode: string };

export interface SecondFactorStatus {
  readonly enrolled: boolean;
  readonly confirmedAt: string | null;
  readonly recoveryCodesLeft: number;
  /** The shop's policy asks this person for one (their roles hold a permission it names). */
  readonly required: boolean;
}

/** `xxxxx-xxxxx`: 50 random bits in base32 without look-alikes; stored as a hash bound to the person. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((byte) => alphabet[byte % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
const recoveryHash = (tenantId: string, userId: string, code: string) =>
  createHash('sha256')
    .update(`${tenantId}:${userId}:${code.trim().toLowerCase().replace(/\s+/g, '')}`)
    .digest('hex');

const invalid = (left: number, what = 'code') =>
  new DomainError(
    'auth.second_factor_invalid',
    401,
    `The ${what} is wrong (${left} ${left === 1 ? 'try' : 'tries'} left before two-step verification locks for ${SECOND_FACTOR_LOCK_SECONDS / 60} minutes).`,
    { triesLeft: left },
  );
const locked = (retryAfterSeconds: number) =>
  new DomainError(
    'auth.second_factor_locked',
    429,
    `Two-step verification is locked after ${SECOND_FACTOR_ATTEMPTS} wrong codes; wait ${retryAfterSeconds} s and try again.`,
    { retryAfterSeconds },
  );

/** Whether the shop's policy asks these grants for a second factor. */
export function secondFactorRequired(grants: PermissionGrants, policy: readonly string[]): boolean {
  if (policy.length === 0) return false;
  return Object.values(grants).some((permissions) => permissions.some((held) => held === '*' || policy.includes(held)));
}

/**
 * TOTP second factors (RFC 6238) with recovery codes. The secret is sealed at rest; a code is
 * accepted once (the time step is kept); wrong codes and recovery codes count together, and five in
 * a row lock the second factor for five minutes — the attempt is reserved before the code is
 * checked, so parallel guesses cannot test more.
 */
export class SecondFactors {
  readonly #db: Database;
  readonly #cipher: SettingsCipher;

  constructor(deps: { db: Database; cipher: SettingsCipher }) {
    this.#db = deps.db;
    this.#cipher = deps.cipher;
  }

  #context = totpSecretContext;

  async isRequired(sql: Sql, tenantId: string, userId: string): Promise<boolean> {
    const [tenant] = await sql.query<{ second_factor_for: string[] }>('select second_factor_for from kernel.tenants where tenant_id = $1', [
      tenantId,
    ]);
    return secondFactorRequired(await grantsOf(sql, tenantId, userId), tenant?.second_factor_for ?? []);
  }

  async isEnrolled(sql: Sql, userId: string): Promise<boolean> {
    const [row] = await sql.query('select 1 from kernel.second_factors where user_id = $1 and confirmed_at is not null', [userId]);
    return row !== undefined;
  }

  async status(tenantId: string, userId: string): Promise<SecondFactorStatus> {
    return this.#db.transaction({ tenantId }, async (tx) => {
      const [row] = await tx.query<{ confirmed_at: Date | null; left: number }>(
        `select f.confirmed_at, (select count(*)::int from kernel.recovery_codes c where c.user_id = f.user_id and c.used_at is null) as left
           from kernel.second_factors f where f.user_id = $1`,
        [userId],
      );
      const confirmedAt = row?.confirmed_at ? new Date(row.confirmed_at).toISOString() : null;
      return {
        enrolled: confirmedAt !== null,
        confirmedAt,
        recoveryCodesLeft: confirmedAt ? row!.left : 0,
        required: await this.isRequired(tx, tenantId, userId),
      };
    });
  }

  /** A new secret for the person to add to their app; replaces one not confirmed yet. 409 when they have one. */
  async startEnrolment(sql: Sql, tenantId: string, userId: string): Promise<{ secret: string; otpauthUri: string }> {
    const [person] = await sql.query<{ email: string; shop: string }>(
      'select u.email, t.name as shop from kernel.users u join kernel.tenants t on t.tenant_id = u.tenant_id where u.user_id = $1',
      [userId],
    );
    const enrolment = newTotpSecret(`KiTS · ${person?.shop ?? 'shop'}`, person?.email ?? userId);
    const sealed = this.#cipher.seal(enrolment.secret, this.#context(tenantId, userId));
    const [row] = await sql.query(
      `insert into kernel.second_factors (tenant_id, user_id, totp_secret_sealed) values ($1, $2, $3)
       on conflict (tenant_id, user_id) do update set totp_secret_sealed = excluded.totp_secret_sealed, failures = 0, locked_until = null, last_step = null
         where kernel.second_factors.confirmed_at is null
       returning 1`,
      [tenantId, userId, sealed],
    );
    if (!row)
      throw new DomainError(
        'auth.second_factor_enrolled',
        409,
        'Two-step verification is already set up; turn it off first (or ask a manager to reset it) to set up a new app.',
      );
    return enrolment;
  }

  /**
   * Checks a proof under the lockout rule. `confirming` takes the code of an enrolment not confirmed
   * yet (and answers its recovery codes); otherwise the person must have a confirmed second factor.
   * Runs `then` in the transaction that records the success.
   */
  async check<Result>(
    tenantId: string,
    userId: string,
    proof: SecondFactorProof,
    options: { confirming?: boolean },
    then: (tx: Sql, recoveryCodes: string[] | undefined) => Promise<Result>,
  ): Promise<Result> {
    const confirming = options.confirming ?? false;
    const [reserved] = await this.#db.transaction({ tenantId }, (tx) =>
      tx.query<{ failures: number; totp_secret_sealed: string; locked_for: number | null }>(
        `update kernel.second_factors set failures = failures + 1
          where user_id = $1 and (confirmed_at is ${confirming ? '' : 'not '}null)
            and (locked_until is null or locked_until <= now())
          returning failures, totp_secret_sealed, null::int as locked_for`,
        [userId],
      ),
    );
    if (!reserved) {
      const [state] = await this.#db.transaction({ tenantId }, (tx) =>
        tx.query<{ confirmed: boolean; locked_for: number | null }>(
          `select confirmed_at is not null as confirmed,
                  case when locked_until > now() then ceil(extract(epoch from locked_until - now()))::int end as locked_for
             from kernel.second_factors where user_id = $1`,
          [userId],
        ),
      );
      if (state?.locked_for) throw locked(state.locked_for);
      throw new DomainError(
        'auth.second_factor_not_enrolled',
        409,
        confirming ? 'Start setting up two-step verification first.' : 'Two-step verification is not set up for this person.',
      );
    }
    const left = SECOND_FACTOR_ATTEMPTS - reserved.failures;
    const wrong = async (what: string): Promise<never> => {
      if (left > 0) throw invalid(left, what);
      await this.#db.transaction({ tenantId }, (tx) =>
        tx.query(`update kernel.second_factors set failures = 0, locked_until = now() + make_interval(secs => $2) where user_id = $1`, [
          userId,
          SECOND_FACTOR_LOCK_SECONDS,
        ]),
      );
      throw locked(SECOND_FACTOR_LOCK_SECONDS);
    };

    if ('recoveryCode' in proof) {
      if (confirming) return wrong('code');
      const outcome = await this.#db.transaction({ tenantId }, async (tx) => {
        const [used] = await tx.query(
          'update kernel.recovery_codes set used_at = now() where user_id = $1 and code_hash = $2 and used_at is null returning 1',
          [userId, recoveryHash(tenantId, userId, proof.recoveryCode)],
        );
        if (!used) return { right: false as const };
        await tx.query('update kernel.second_factors set failures = 0 where user_id = $1', [userId]);
        return { right: true as const, result: await then(tx, undefined) };
      });
      if (!outcome.right) return wrong('recovery code (or it was used already)');
      return outcome.result;
    }

    const secret = this.#cipher.open(reserved.totp_secret_sealed, this.#context(tenantId, userId));
    if (secret === undefined)
      throw new DomainError(
        'auth.second_factor_unreadable',
        409,
        "This person's two-step secret cannot be read (the kernel's key changed): a manager resets two-step verification, then they set it up again.",
      );
    const step = totpStep(secret, proof.code);
    if (step === undefined) return wrong('code');
    const outcome = await this.#db.transaction({ tenantId }, async (tx) => {
      const [accepted] = await tx.query(
        `update kernel.second_factors set failures = 0, last_step = $2, confirmed_at = coalesce(confirmed_at, now())
          where user_id = $1 and (last_step is null or last_step < $2) returning 1`,
        [userId, step],
      );
      if (!accepted) return { right: false as const };
      let recoveryCodes: string[] | undefined;
      if (confirming) {
        recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
        await tx.query('delete from kernel.recovery_codes where user_id = $1', [userId]);
        await tx.query(`insert into kernel.recovery_codes (tenant_id, user_id, code_hash) select $1, $2, unnest($3::text[])`, [
          tenantId,
          userId,
          recoveryCodes.map((code) => recoveryHash(tenantId, userId, code)),
        ]);
      }
      return { right: true as const, result: await then(tx, recoveryCodes) };
    });
    if (!outcome.right) return wrong('code (it was used already: wait for the next one)');
    return outcome.result;
  }

  async remove(sql: Sql, userId: string): Promise<boolean> {
    await sql.query('delete from kernel.recovery_codes where user_id = $1', [userId]);
    const removed = await sql.query('delete from kernel.second_factors where user_id = $1 returning 1', [userId]);
    return removed.length > 0;
  }
}
