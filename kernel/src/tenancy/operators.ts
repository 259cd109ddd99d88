import { v7 as uuidv7 } from 'uuid';
import { hashSecret } from '../auth/passwords.ts';
import type { Database } from '../db/database.ts';

/** Creates the operator account if no operator has that e-mail yet (start-up bootstrap). */
export async function ensureOperator(db: Database, email: string, password: string): Promise<void> {
  const existing = await db.query('select 1 from kernel.operators where lower(email) = lower($1)', [email]);
  if (existing.length > 0) return;
  await db.query('insert into kernel.operators (operator_id, email, password_hash) values ($1, $2, $3) on conflict (email) do nothing', [
    uuidv7(),
    email,
    await hashSecret(password),
  ]);
}
