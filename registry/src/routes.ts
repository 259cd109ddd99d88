import { DomainError, NonBlankText, Timestamp, Type } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { PluginRegistry } from './plugin-registry.ts';

export interface RegistryRouteOptions {
  readonly registry: PluginRegistry;
  /** Throws (a 401/403 DomainError) unless the request comes from the registry's operator. */
  readonly authorizeOperator: (request: FastifyRequest) => void;
}

const tags = ['Registry'];
const PluginId = Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' });
const Version = Type.String({ minLength: 5, maxLength: 100 });
const ReleaseParams = Type.Object({ pluginId: PluginId, version: Version }, { additionalProperties: false });

const PublisherSchema = Type.Object({
  name: Type.String(),
  displayName: Type.String(),
  publicKey: Type.String(),
  keyId: Type.String(),
  createdAt: Timestamp,
});
const ReleaseSummarySchema = Type.Object({
  version: Type.String(),
  integrity: Type.String(),
  signature: Type.String(),
  keyId: Type.String(),
  sizeBytes: Type.Integer(),
  publishedAt: Timestamp,
  kernel: Type.String(),
  permissions: Type.Array(Type.String(), { description: 'permissions this release asks for' }),
  yanked: Type.Boolean(),
  yankedAt: Type.Union([Timestamp, Type.Null()]),
  yankReason: Type.Union([Type.String(), Type.Null()]),
});
const ReleaseSchema = Type.Intersect([
  ReleaseSummarySchema,
  Type.Object({
    pluginId: Type.String(),
    publisher: Type.String(),
    packageName: Type.String(),
    manifest: Type.Record(Type.String(), Type.Unknown()),
  }),
]);
const ListingProperties = {
  id: Type.String(),
  publisher: Type.String(),
  displayName: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  latest: Type.String(),
  kernel: Type.String({ description: 'kernel versions the latest release runs on (semver range)' }),
  permissions: Type.Array(Type.String(), { description: 'permissions the plugin asks for' }),
  provides: Type.Array(Type.String()),
  requires: Type.Record(Type.String(), Type.String()),
  versions: Type.Array(Type.String(), { description: 'installable versions, newest first' }),
  yankedVersions: Type.Array(Type.String()),
};
const ListingSchema = Type.Object(ListingProperties);
const DetailSchema = Type.Object({ ...ListingProperties, releases: Type.Array(ReleaseSummarySchema) });

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * The registry's HTTP API (version 1), prefix-free: the standalone service mounts it at `/`, the
 * kernel's embedded registry at `/registry`. Errors are DomainErrors; the host answers them as
 * problem+json.
 */
export const registryRoutes: FastifyPluginAsync<RegistryRouteOptions> = async (app: FastifyInstance, options) => {
  const { registry, authorizeOperator } = options;
  // Release tarballs are uploaded as they are, not as JSON (only inside this plugin's scope).
  app.addContentTypeParser(
    ['application/gzip', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: registry.maxTarballBytes },
    (_request, body, done) => done(null, body),
  );

  app.post('/v1/publishers', {
    schema: {
      tags,
      summary: "Register a publisher and its ed25519 public key (the registry's operator only)",
      body: Type.Object(
        {
          name: NonBlankText(100),
          displayName: Type.Optional(NonBlankText(200)),
          publicKey: NonBlankText(200),
        },
        { additionalProperties: false },
      ),
      response: { 201: PublisherSchema },
    },
    handler: async (request, reply) => {
      authorizeOperator(request);
      const publisher = await registry.registerPublisher(request.body as { name: string; displayName?: string; publicKey: string });
      reply.code(201);
      return publisher;
    },
  });

  app.get('/v1/publishers/:name', {
    schema: {
      tags,
      summary: 'A publisher and its public key',
      params: Type.Object({ name: Type.String({ maxLength: 100 }) }),
      response: { 200: PublisherSchema },
    },
    handler: async (request) => {
      const { name } = request.params as { name: string };
      const publisher = await registry.publisher(name);
      if (!publisher) throw new DomainError('registry.publisher_not_found', 404, `There is no publisher "${name}".`);
      return publisher;
    },
  });

  app.post('/v1/releases', {
    schema: {
      tags,
      summary: 'Publish a release: the tarball as the body (application/gzip), signed by its publisher',
      description:
        "Headers: `Kits-Publisher` (the publisher name), `Kits-Integrity` (sha512-<base64> of the body), `Kits-Signature` (base64 ed25519 signature of the integrity string by the publisher's registered key). `kits-plugin publish` sends all three.",
      response: { 201: ReleaseSchema },
    },
    handler: async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new DomainError(
          'request.unsupported_media_type',
          415,
          'Send the tarball itself as the body, with Content-Type: application/gzip.',
        );
      }
      const publisher = header(request, 'kits-publisher');
      const integrity = header(request, 'kits-integrity');
      const signature = header(request, 'kits-signature');
      const missing = [!publisher && 'Kits-Publisher', !integrity && 'Kits-Integrity', !signature && 'Kits-Signature'].filter(Boolean);
      if (missing.length > 0) {
        throw new DomainError(
          'registry.unsigned',
          401,
          `Publishing needs the headers ${missing.join(', ')}: the publisher's name, the tarball's integrity and its signature (kits-plugin publish sends them).`,
        );
      }
      const { release } = await registry.publish({
        tarball: request.body,
        publisher: publisher!,
        integrity: integrity!,
        signature: signature!,
      });
      reply.code(201);
      return release;
    },
  });

  app.post('/v1/plugins/:pluginId/versions/:version/yank', {
    schema: {
      tags,
      summary:
        "Yank a release: kernels refuse to install it (its publisher's signature of kits-yank:<id>@<version> in Kits-Signature, or the operator)",
      params: ReleaseParams,
      body: Type.Object({ reason: NonBlankText(500, { multiline: true }) }, { additionalProperties: false }),
      response: { 200: ReleaseSchema },
    },
    handler: async (request) => {
      const { pluginId, version } = request.params as { pluginId: string; version: string };
      const { reason } = request.body as { reason: string };
      const signature = header(request, 'kits-signature');
      if (!signature) authorizeOperator(request);
      return registry.yank(pluginId, version, reason, signature ? { signature } : { operator: true });
    },
  });

  app.get('/v1/plugins', {
    schema: {
      tags,
      summary: 'Search plugins by id, display name or description (every plugin without q), by id, a page at a time',
      querystring: Type.Object(
        {
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          cursor: Type.Optional(PluginId),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ items: Type.Array(ListingSchema), nextCursor: Type.Union([Type.String(), Type.Null()]) }) },
    },
    handler: async (request) => {
      const { q, cursor, limit } = request.query as { q?: string; cursor?: string; limit?: number };
      return registry.search({ ...(q ? { query: q } : {}), ...(cursor ? { after: cursor } : {}), limit: limit ?? 50 });
    },
  });

  app.get('/v1/plugins/:pluginId', {
    schema: {
      tags,
      summary: 'A plugin: what it does, the permissions it asks for, its publisher and every release',
      params: Type.Object({ pluginId: PluginId }, { additionalProperties: false }),
      response: { 200: DetailSchema },
    },
    handler: async (request) => {
      const { pluginId } = request.params as { pluginId: string };
      const plugin = await registry.plugin(pluginId);
      if (!plugin) throw new DomainError('registry.plugin_not_found', 404, `There is no plugin "${pluginId}" in this registry.`);
      return plugin;
    },
  });

  app.get('/v1/plugins/:pluginId/versions/:version', {
    schema: {
      tags,
      summary: 'One release with its manifest, integrity and signature',
      params: ReleaseParams,
      response: { 200: ReleaseSchema },
    },
    handler: async (request) => {
      const { pluginId, version } = request.params as { pluginId: string; version: string };
      const release = await registry.release(pluginId, version);
      if (!release) throw new DomainError('registry.release_not_found', 404, `There is no release ${pluginId}@${version}.`);
      return release;
    },
  });

  app.get('/v1/plugins/:pluginId/versions/:version/tarball', {
    schema: { tags, summary: "A release's tarball (verify it against the release's integrity and signature)", params: ReleaseParams },
    handler: async (request, reply) => {
      const { pluginId, version } = request.params as { pluginId: string; version: string };
      const { release, bytes } = await registry.tarball(pluginId, version);
      return reply
        .type('application/gzip')
        .header('kits-integrity', release.integrity)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(bytes);
    },
  });
};
