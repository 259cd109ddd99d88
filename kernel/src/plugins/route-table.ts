import type { ReadRouteOptions, RouteOptions, RouteSchema } from '@kits/plugin-sdk';
import type { ValidateFunction } from 'ajv';
import Router from 'find-my-way';
import { MAX_BODY_LIMIT_BYTES, MIN_BODY_LIMIT_BYTES } from '../http/body-limit.ts';
import type { Validators } from '../http/validation.ts';

export type RouteMethodName = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One route of one plugin version, with its validators compiled once. */
export interface PluginRoute {
  readonly method: RouteMethodName;
  /** The path below `/api/v1/<plugin-id>`, e.g. `/products/:id`. */
  readonly url: string;
  readonly options: RouteOptions<RouteSchema, unknown>;
  /** Where its transaction runs: the primary, or the reporting database when the kernel has one (GET routes only). */
  readonly readFrom: 'primary' | 'reporting';
  readonly validate: {
    readonly params?: ValidateFunction;
    readonly query?: ValidateFunction;
    readonly body?: ValidateFunction;
  };
}

export interface RouteMatch {
  readonly route: PluginRoute;
  readonly params: Record<string, string>;
}

/** The routes of one plugin version: its own router, so versions and tenants never share one. */
export class RouteTable {
  readonly #router = Router();
  readonly #routes: PluginRoute[] = [];
  readonly #validators: Validators;

  constructor(validators: Validators) {
    this.#validators = validators;
  }

  add(method: RouteMethodName, url: string, options: RouteOptions<RouteSchema, unknown> | ReadRouteOptions<RouteSchema, unknown>): void {
    if (!url.startsWith('/')) throw new Error(`Route "${url}" must start with "/"`);
    const { bodyLimit } = options;
    const readFrom = 'readFrom' in options ? options.readFrom : undefined;
    if (readFrom !== undefined && readFrom !== 'reporting')
      throw new Error(`Route ${method} ${url}: readFrom is 'reporting' or left out, not ${JSON.stringify(readFrom)}`);
    if (readFrom !== undefined && method !== 'GET')
      throw new Error(
        `Route ${method} ${url}: only a GET route may read from the reporting database (readFrom), since a replica cannot take writes`,
      );
    if (bodyLimit !== undefined && !(Number.isInteger(bodyLimit) && bodyLimit >= MIN_BODY_LIMIT_BYTES && bodyLimit <= MAX_BODY_LIMIT_BYTES))
      throw new Error(
        `Route ${method} ${url}: bodyLimit must be a whole number of bytes from ${MIN_BODY_LIMIT_BYTES} to ${MAX_BODY_LIMIT_BYTES}`,
      );
    const schema = options.schema;
    const route: PluginRoute = {
      method,
      url,
      options,
      readFrom: readFrom ?? 'primary',
      validate: {
        ...(schema?.params ? { params: this.#validators.strings.compile(schema.params) } : {}),
        ...(schema?.querystring ? { query: this.#validators.strings.compile(schema.querystring) } : {}),
        ...(schema?.body ? { body: this.#validators.body.compile(schema.body) } : {}),
      },
    };
    this.#router.on(method, url, () => undefined, route);
    this.#routes.push(route);
  }

  find(method: string, path: string): RouteMatch | undefined {
    const found = this.#router.find(method as RouteMethodName, path);
    if (!found) return undefined;
    return { route: found.store as PluginRoute, params: found.params as Record<string, string> };
  }

  /** Whether any method serves `path` (to answer 405 rather than 404). */
  hasPath(path: string): boolean {
    return (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).some((method) => this.#router.find(method, path) !== null);
  }

  routes(): readonly PluginRoute[] {
    return this.#routes;
  }
}
