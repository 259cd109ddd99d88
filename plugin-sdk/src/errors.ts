/**
 * A failure a caller can act on. The kernel turns it into an RFC 9457 problem+json answer
 * whose `code` is stable (`inventory.insufficient_stock`) and whose `detail` says what to do.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly status: number;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(code: string, status: number, detail: string, extensions: Record<string, unknown> = {}) {
    super(detail);
    this.name = 'DomainError';
    this.code = code;
    this.status = status;
    this.extensions = extensions;
  }
}

export const badRequest = (code: string, detail: string, extensions?: Record<string, unknown>) =>
  new DomainError(code, 400, detail, extensions);
export const notFound = (code: string, detail: string, extensions?: Record<string, unknown>) =>
  new DomainError(code, 404, detail, extensions);
export const conflict = (code: string, detail: string, extensions?: Record<string, unknown>) =>
  new DomainError(code, 409, detail, extensions);
export const forbidden = (code: string, detail: string, extensions?: Record<string, unknown>) =>
  new DomainError(code, 403, detail, extensions);
export const unprocessable = (code: string, detail: string, extensions?: Record<string, unknown>) =>
  new DomainError(code, 422, detail, extensions);

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError || (error instanceof Error && error.name === 'DomainError' && 'code' in error && 'status' in error);
}
