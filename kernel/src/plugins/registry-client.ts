import { DomainError, type PluginManifest } from '@kits/plugin-sdk';
import type { PluginDetail, PluginListing } from '@kits/registry';
import type { FastifyInstance } from 'fastify';

/** A GET against a registry's API (paths start with /v1/). */
export type RegistryTransport = (path: string) => Promise<{ status: number; body: Buffer }>;

/** What the kernel reads of a release (the registry's GET /v1/plugins/:id/versions/:version). */
export interface RegistryRelease {
  readonly pluginId: string;
  readonly version: string;
  readonly publisher: string;
  readonly integrity: string;
  readonly signature: string;
  readonly yanked: boolean;
  readonly yankReason: string | null;
  /** As the registry read it from the tarball (shown in the marketplace; the installer trusts only the verified tarball's). */
  readonly manifest: PluginManifest;
}

/**
 * A plugin as the registry lists it (GET /v1/plugins) and describes it (GET /v1/plugins/:id): the
 * registry's own answer types, read over HTTP or from the embedded registry alike.
 */
export type RegistryListing = PluginListing;
export type RegistryPlugin = PluginDetail;

export interface RegistryPublisher {
  readonly name: string;
  readonly displayName: string;
}

/** A registry over HTTP (REGISTRY_URL). */
export function httpTransport(baseUrl: string): RegistryTransport {
  return async (path) => {
    const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(30_000) });
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  };
}

/** The embedded registry, mounted at `prefix` in the kernel's own app: the same requests, no socket. */
export function injectTransport(app: () => FastifyInstance, prefix: string): RegistryTransport {
  return async (path) => {
    const response = await app().inject({ method: 'GET', url: `${prefix}${path}` });
    return { status: response.statusCode, body: response.rawPayload };
  };
}

const unavailable = (detail: string) =>
  new DomainError(
    'plugins.registry_unavailable',
    503,
    `The plugin registry cannot be reached or answered wrongly (${detail}); try again shortly.`,
  );

/** Reads plugins, releases and tarballs from a registry. It trusts nothing it reads: the installer verifies. */
export class RegistryClient {
  readonly #get: RegistryTransport;

  constructor(transport: RegistryTransport) {
    this.#get = transport;
  }

  async plugin(pluginId: string): Promise<RegistryPlugin | undefined> {
    return this.#json<RegistryPlugin>(`/v1/plugins/${encodeURIComponent(pluginId)}`);
  }

  /** A page of the registry's plugins whose id, name or description contains `query`, by id. */
  async search(options: {
    query?: string;
    cursor?: string;
    limit: number;
  }): Promise<{ items: RegistryListing[]; nextCursor: string | null }> {
    const params = new URLSearchParams({ limit: String(options.limit) });
    if (options.query) params.set('q', options.query);
    if (options.cursor) params.set('cursor', options.cursor);
    const page = await this.#json<{ items: RegistryListing[]; nextCursor: string | null }>(`/v1/plugins?${params}`);
    if (!page) throw unavailable('GET /v1/plugins refused the search');
    return page;
  }

  async publisher(name: string): Promise<RegistryPublisher | undefined> {
    return this.#json<RegistryPublisher>(`/v1/publishers/${encodeURIComponent(name)}`);
  }

  async release(pluginId: string, version: string): Promise<RegistryRelease | undefined> {
    return this.#json<RegistryRelease>(`/v1/plugins/${encodeURIComponent(pluginId)}/versions/${encodeURIComponent(version)}`);
  }

  async tarball(pluginId: string, version: string): Promise<Buffer> {
    const response = await this.#send(`/v1/plugins/${encodeURIComponent(pluginId)}/versions/${encodeURIComponent(version)}/tarball`);
    if (response.status !== 200) throw unavailable(`the tarball of ${pluginId}@${version} answered ${response.status}`);
    return response.body;
  }

  async #json<T>(path: string): Promise<T | undefined> {
    const response = await this.#send(path);
    if (response.status === 404 || response.status === 400) return undefined;
    if (response.status !== 200) throw unavailable(`GET ${path} answered ${response.status}`);
    try {
      return JSON.parse(response.body.toString('utf8')) as T;
    } catch {
      throw unavailable(`GET ${path} did not answer JSON`);
    }
  }

  async #send(path: string): Promise<{ status: number; body: Buffer }> {
    try {
      return await this.#get(path);
    } catch (error) {
      throw unavailable((error as Error).message);
    }
  }
}
