/** A PostgreSQL error the request caused — a value or a constraint it broke — as an HTTP problem. */
export interface ClientCausedError {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
}

/**
 * PostgreSQL errors a client caused are 4xx, not 500: constraint violations, and the data
 * exceptions of a value that can never be stored as sent (see `isUnstorableValue`).
 */
export function clientCausedDatabaseError(error: unknown): ClientCausedError | undefined {
  const { code, constraint } = (error ?? {}) as { code?: unknown; constraint?: string };
  if (typeof code !== 'string') return undefined;
  switch (code) {
    case '23505':
      return { status: 409, code: 'conflict.duplicate', detail: `That already exists (${constraint ?? 'unique constraint'}).` };
    case '23503':
      return {
        status: 409,
        code: 'conflict.reference',
        detail: `It refers to something that does not exist or is still in use (${constraint ?? 'foreign key'}).`,
      };
    case '23514':
      return {
        status: 400,
        code: 'request.constraint',
        detail: `A value is out of the allowed range (${constraint ?? 'check constraint'}).`,
      };
    case '22021':
    case '22P05':
      return {
        status: 400,
        code: 'request.invalid_text',
        detail: 'A text value contains a character that cannot be stored (such as NUL, \\u0000).',
      };
    case '42501':
      // A row of another tenant (row-level security) is the client's doing; "permission denied for
      // schema/table" is a plugin reaching outside its own schema: a defect of the plugin, a 500.
      return /row-level security/.test(String((error as { message?: unknown }).message))
        ? { status: 403, code: 'auth.forbidden', detail: 'This data is not yours to reach.' }
        : undefined;
    default:
      return isUnstorableValue(error)
        ? { status: 400, code: 'request.invalid_value', detail: 'A value has the wrong format or is too large for its field.' }
        : undefined;
  }
}

// Data exceptions a value sent by a client causes. Not the whole class 22: division by zero, say,
// is the server's own arithmetic and stays a 500.
const UNSTORABLE = new Set([
  '22001', // string too long for its column
  '22003', // number out of range
  '22007', // invalid date/time format
  '22008', // date/time field out of range
  '22021', // a character the encoding cannot hold (NUL in text)
  '22P02', // invalid text representation (a uuid that is not one)
  '22P05', // a character jsonb cannot hold (\u0000)
]);

/** An error about a value that can never be stored as sent: sending it again can never succeed. */
export const isUnstorableValue = (error: unknown): boolean => UNSTORABLE.has(String((error as { code?: unknown } | null)?.code));

/**
 * A transaction PostgreSQL rolled back to untangle it from another (a deadlock, a serialization
 * failure, a lock it could not get): nothing of it was written, and sending it again can succeed.
 */
export const isRetryableDatabaseError = (error: unknown): boolean =>
  ['40P01', '40001', '55P03'].includes(String((error as { code?: unknown } | null)?.code));
