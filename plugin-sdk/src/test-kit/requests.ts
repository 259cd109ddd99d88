/** What a test sends through a kernel's HTTP stack (`kit.request(method, url, options)`). */
export interface RequestOptions {
  readonly body?: unknown;
  /** Bearer token; defaults to the test tenant's admin. Pass null for no credentials. */
  readonly token?: string | null;
  readonly headers?: Readonly<Record<string, string>>;
}

/** What it gets back: the status, the body (parsed when JSON) and the headers. */
export interface TestResponse<Body = unknown> {
  readonly status: number;
  readonly body: Body;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
}
