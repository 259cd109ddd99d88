// Part of the office context ('@kits/plugin-sdk/office'): bundled into one module for the office (office/vite.config.ts).
import type { ProblemDetails } from '../schemas/problem.ts';

export type { ProblemDetails };

/**
 * A request the kernel refused or could not answer. `problem` is its RFC 9457 answer
 * (`code`, `detail`, and for bad input `errors: [{ field, message }]` naming each field), so a
 * form can show each message beside its field; `status` 0 means the network failed.
 */
export class OfficeApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails;
  constructor(problem: ProblemDetails) {
    super(problem.detail);
    this.name = 'OfficeApiError';
    this.status = problem.status;
    this.problem = problem;
  }
}

export interface OfficeRequestOptions {
  /** Query parameters; `undefined` values are left out. */
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/**
 * The kernel's HTTP API as the signed-in person (their token is added and refreshed). Paths start
 * with `/api/v1/`. Every method answers the JSON body, or throws `OfficeApiError`.
 * Mutations send an `Idempotency-Key` of their own, so a retried click never writes twice.
 */
export interface OfficeApi {
  get<Result>(path: string, options?: OfficeRequestOptions): Promise<Result>;
  post<Result>(path: string, body?: unknown, options?: OfficeRequestOptions): Promise<Result>;
  put<Result>(path: string, body?: unknown, options?: OfficeRequestOptions): Promise<Result>;
  patch<Result>(path: string, body?: unknown, options?: OfficeRequestOptions): Promise<Result>;
  delete<Result>(path: string, options?: OfficeRequestOptions): Promise<Result>;
  /** A body that is not JSON (CSV, a PDF) as text or a Blob, e.g. to download an export. */
  download(path: string, options?: OfficeRequestOptions): Promise<Blob>;
  /** Sends `body` as it is (CSV text) with its content type. */
  upload<Result>(path: string, body: string | Blob, contentType: string, options?: OfficeRequestOptions): Promise<Result>;
}
