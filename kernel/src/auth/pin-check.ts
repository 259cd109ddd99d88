import { DomainError } from '@kits/plugin-sdk';
import type { Database, Transaction } from '../db/database.ts';
import { verifySecret } from './passwords.ts';

/** Wrong PINs in a row that lock a user's PIN until an admin resets it (a cashier signing in, or a manager approving). */
export const PIN_ATTEMPTS = 5;

const locked = (now: boolean) =>
  new DomainError(
    'auth.pin_locked',
    423,
    `This PIN is ${now ? 'now ' : ''}locked after ${PIN_ATTEMPTS} wrong tries; a manager must set a new one.`,
  );

/**
 * Checks a user's PIN under the lockout rule. An attempt is reserved before the PIN is checked,
 * atomically, so parallel guesses cannot test more than PIN_ATTEMPTS PINs; the reservation
 * commits on its own, whatever the outcome. A right PIN resets the count (in `onRight`'s
 * transaction, which runs only while the PIN is still unlocked). A wrong one throws 401 with the
 * tries left (`wrong` words it), the last one 423.
 */
export async function checkPinWithLockout<Result>(
  db: Database,
  tenantId: string,
  user: { readonly userId: string; readonly pinHash: string },
  pin: string,
  wrong: (triesLeft: number) => DomainError,
  onRight: (tx: Transaction) => Promise<Result>,
): Promise<Result> {
  const [reserved] = await db.transaction({ tenantId }, (tx) =>
    tx.query<{ pin_failures: number }>(
      'update kernel.users set pin_failures = pin_failures + 1 where user_id = $1 and pin_locked_at is null and pin_failures < $2 returning pin_failures',
      [user.userId, PIN_ATTEMPTS],
    ),
  );
  const lock = () =>
    db.transaction({ tenantId }, (tx) =>
      tx.query('update kernel.users set pin_locked_at = coalesce(pin_locked_at, now()) where user_id = $1', [user.userId]),
    );
  if (!reserved) {
    await lock();
    throw locked(false);
  }
  if (!(await verifySecret(user.pinHash, pin))) {
    if (reserved.pin_failures >= PIN_ATTEMPTS) {
      await lock();
      throw locked(true);
    }
    throw wrong(PIN_ATTEMPTS - reserved.pin_failures);
  }
  return db.transaction({ tenantId }, async (tx) => {
    const [still] = await tx.query('update kernel.users set pin_failures = 0 where user_id = $1 and pin_locked_at is null returning 1', [
      user.userId,
    ]);
    if (!still) throw new DomainError('auth.pin_locked', 423, 'This PIN is locked; a manager must set a new one.');
    return onRight(tx);
  });
}
