import { randomBytes } from 'node:crypto';
import { DomainError } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../../db/database.ts';
import { sha256 } from '../authenticator.ts';
import type { SignInMethod } from '../sessions/session-records.ts';

/** How long a sign-in waits for its second factor. */
export const CHALLENGE_SECONDS = 300;
const CHALLENGE_TOKEN = /^kitsmfa_[A-Za-z0-9_-]{43}$/;

/** What the session a challenge opens will say of itself. */
export interface ChallengeDetails {
  readonly client: 'office' | 'till';
  readonly method: SignInMethod;
  readonly userAgent?: string;
  readonly address?: string;
}

export interface Challenge {
  readonly tenantId: string;
  readonly challengeId: string;
  readonly userId: string;
  readonly purpose: 'verify' | 'enrol';
  readonly details: ChallengeDetails;
}

const invalidChallenge = () =>
  new DomainError('auth.challenge_invalid', 401, 'This sign-in took too long or was finished already; sign in again.');

/** A sign-in that proved the password and waits for a second factor (or its enrolment): the token, given to the client once. */
export async function createChallenge(
  sql: Sql,
  tenantId: string,
  userId: string,
  purpose: 'verify' | 'enrol',
  details: ChallengeDetails,
): Promise<string> {
  const token = `kitsmfa_${randomBytes(32).toString('base64url')}`;
  await sql.query(`delete from kernel.sign_in_challenges where expires_at < now() - interval '1 day'`);
  await sql.query(
    `insert into kernel.sign_in_challenges (tenant_id, challenge_id, challenge_hash, user_id, purpose, session_details, expires_at)
     values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))`,
    [tenantId, uuidv7(), sha256(token), userId, purpose, JSON.stringify(details), CHALLENGE_SECONDS],
  );
  return token;
}

/** The open challenge a token names (any tenant: the token names it); 401 when unknown, spent or expired. */
export async function findChallenge(db: Database, token: string): Promise<Challenge> {
  if (!CHALLENGE_TOKEN.test(token)) throw invalidChallenge();
  const [row] = await db.query<{
    tenant_id: string;
    challenge_id: string;
    user_id: string;
    purpose: 'verify' | 'enrol';
    session_details: ChallengeDetails;
  }>(
    `select tenant_id, challenge_id, user_id, purpose, session_details from kernel.sign_in_challenges
      where challenge_hash = $1 and used_at is null and expires_at > now()`,
    [sha256(token)],
  );
  if (!row) throw invalidChallenge();
  return {
    tenantId: row.tenant_id,
    challengeId: row.challenge_id,
    userId: row.user_id,
    purpose: row.purpose,
    details: row.session_details,
  };
}

/** Marks the challenge used in the transaction that opens its session; 401 when another request spent it first. */
export async function spendChallenge(sql: Sql, challenge: Challenge): Promise<void> {
  const [spent] = await sql.query(
    'update kernel.sign_in_challenges set used_at = now() where challenge_id = $1 and used_at is null and expires_at > now() returning 1',
    [challenge.challengeId],
  );
  if (!spent) throw invalidChallenge();
}
