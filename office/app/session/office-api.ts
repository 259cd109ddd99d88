import { OfficeApiError, type OfficeApi, type OfficeRequestOptions } from '@kits/plugin-sdk/office';
import { networkProblem, problemOf, type OfficeAuth } from './office-auth.ts';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function urlOf(path: string, query: OfficeRequestOptions['query']): string {
  if (!query) return path;
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/**
 * The kernel's API as the signed-in person: their token on every request (refreshed, and once
 * more on a 401), problem+json turned into `OfficeApiError`. A mutation carries an
 * `Idempotency-Key`; when the network drops its answer it is sent once more with the same key, so
 * the kernel answers with the first result instead of writing twice.
 */
export function officeApi(auth: OfficeAuth): OfficeApi {
  async function send(
    method: string,
    path: string,
    body: BodyInit | undefined,
    contentType: string | undefined,
    options: OfficeRequestOptions = {},
  ): Promise<Response> {
    const url = urlOf(path, options.query);
    const idempotencyKey = MUTATIONS.has(method) ? crypto.randomUUID() : undefined;
    const attempt = async (force: boolean): Promise<Response> => {
      const headers: Record<string, string> = { authorization: `Bearer ${await auth.accessToken(force)}`, ...options.headers };
      if (contentType) headers['content-type'] = contentType;
      if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
      return fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
    };
    const once = async (force: boolean): Promise<Response> => {
      try {
        return await attempt(force);
      } catch (error) {
        if ((error as Error).name === 'AbortError') throw error;
        if (idempotencyKey) {
          try {
            return await attempt(force);
          } catch (again) {
            if ((again as Error).name === 'AbortError') throw again;
          }
        }
        throw new OfficeApiError(networkProblem('The server cannot be reached', 'check the connection and try again'));
      }
    };
    let response = await once(false);
    if (response.status === 401) response = await once(true);
    if (!response.ok) throw new OfficeApiError(await problemOf(response));
    return response;
  }

  const json = async <Result>(response: Response): Promise<Result> =>
    (response.status === 204
      ? undefined
      : /json/.test(response.headers.get('content-type') ?? '')
        ? await response.json()
        : await response.text()) as Result;
  const withBody =
    (method: string) =>
    async <Result>(path: string, body?: unknown, options?: OfficeRequestOptions): Promise<Result> =>
      json<Result>(
        await send(
          method,
          path,
          body === undefined ? undefined : JSON.stringify(body),
          body === undefined ? undefined : 'application/json',
          options,
        ),
      );

  return {
    get: async (path, options) => json(await send('GET', path, undefined, undefined, options)),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
    delete: async (path, options) => json(await send('DELETE', path, undefined, undefined, options)),
    download: async (path, options) => (await send('GET', path, undefined, undefined, options)).blob(),
    upload: async (path, body, contentType, options) => json(await send('POST', path, body, contentType, options)),
  };
}
