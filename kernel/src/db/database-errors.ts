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

/** A unique key refused the row (23505): it exists already. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === '23505';

/** An error about a value that can never be stored as sent: sending it again can never succeed. */
export const isUnstorableValue = (error: unknown): boolean => UNSTORABLE.has(String((error as { code?: unknown } | null)?.code));

/**
 * A transaction PostgreSQL rolled back to untangle it from another (a deadlock, a serialization
 * failure, a lock it could not get): nothing of it was written, and sending it again can succeed.
 */
export const isRetryableDatabaseError = (error: unknown): boolean =>
  ['40P01', '40001', '55P03'].includes(String((error as { code?: unknown } | null)?.code));

// A connection to the database refused or cut (Node's socket codes, as node-postgres reports them).
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// PostgreSQL shutting down or starting up (57P01–57P03), out of connection slots (53300), and the
// connection exceptions of class 08.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '08007']);
// node-postgres reports a connection that ended under it with these messages and no code.
const UNAVAILABLE_MESSAGE = /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/i;

/**
 * The database is unreachable or going away (not the request's fault): the request can be sent
 * again once it is back. SQLSTATEs and node-postgres' messages count wherever they are in the
 * `cause` chain; a bare socket code only on the error itself (or an AggregateError of them), so a
 * plugin's failed outbound call (fetch wraps its socket error as the cause) is not taken for one.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  const { code, message, cause, errors } = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_STATES.has(code) || (depth === 0 && SOCKET_CODES.has(code)))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
  if (depth === 0 && Array.isArray(errors) && errors.some((inner) => SOCKET_CODES.has(String((inner as { code?: unknown })?.code))))
    return true;
  return isDatabaseUnavailable(cause, depth + 1);
}

/** PostgreSQL's answer to a write in a transaction begun `read only` (SQLSTATE 25006). */
export function isWriteInReadOnlyTransaction(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === '25006';
}
