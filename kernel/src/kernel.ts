import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { asFunction, asValue, createContainer, InjectionMode, type AwilixContainer } from 'awilix';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createLogger } from './logger.ts';
import { createAuthenticator, installAuthentication } from './auth/authenticator.ts';
import { KERNEL_PERMISSIONS } from './auth/kernel-permissions.ts';
import { registerAuthRoutes } from './auth/routes.ts';
import { installApprovals } from './auth/step-up.ts';
import { createSessionService } from './auth/sessions/session-service.ts';
import { EndedSessions } from './auth/sessions/session-records.ts';
import { SecondFactors } from './auth/second-factor/second-factors.ts';
import { IdentityProviders } from './auth/identity/identity-providers.ts';
import { SsoSignIn } from './auth/identity/sso-sign-in.ts';
import { OperatorSso } from './auth/identity/operator-sso.ts';
import { Passkeys } from './auth/passkeys/passkeys.ts';
import { createTokenSigner } from './auth/tokens.ts';
import type { KernelConfig } from './config/config.ts';
import { createCoordination } from './coordination/index.ts';
import type { Coordination } from './coordination/coordination.ts';
import { openDatabase, untilDatabaseAnswers, type Database } from './db/database.ts';
import { migrateSchema, readMigrations } from './db/migrations.ts';
import { openReportingDatabase } from './db/reporting-database.ts';
import type { EventBus } from './events/event-bus.ts';
import { createEventBus } from './events/index.ts';
import { createEventRetention } from './events/retention.ts';
import { createHttpApp } from './http/app.ts';
import { installHealth } from './http/health.ts';
import { installIdempotency } from './http/idempotency.ts';
import { createMetrics, type KernelMetrics } from './observability/metrics.ts';
import { installMetrics } from './observability/metrics-endpoint.ts';
import { registerStateGauges } from './observability/state-gauges.ts';
import { createTracing } from './observability/tracing.ts';
import { traceTransactions } from './observability/tracing-database.ts';
import { installHttpTracing } from './observability/tracing-http.ts';
import { createValidators, type Validators } from './http/validation.ts';
import { publicKeyOf } from '@kits/plugin-sdk/release';
import { discoverPlugins, PluginCatalog, type PluginPackage } from './plugins/discovery.ts';
import { installPluginDispatch } from './plugins/dispatch.ts';
import { YankedReleases } from './plugins/yanked-releases.ts';
import { PluginRollouts } from './plugins/rollouts/plugin-rollouts.ts';
import { ReleaseHealth } from './plugins/rollouts/release-health.ts';
import { registerRolloutRoutes } from './plugins/rollouts/rollout-routes.ts';
import { PluginHost } from './plugins/plugin-host.ts';
import { installPluginWebhooks } from './plugins/webhooks.ts';
import { publishLocalPlugins, LOCAL_PUBLISHER } from './plugins/local-plugins.ts';
import { PluginInstaller } from './plugins/plugin-installer.ts';
import { SettingsCipher } from './plugins/plugin-settings.ts';
import { Marketplace } from './plugins/marketplace.ts';
import { httpTransport, injectTransport, RegistryClient } from './plugins/registry-client.ts';
import { registerPluginRoutes } from './plugins/routes.ts';
import { requireOperator } from './auth/authenticator.ts';
import { PluginRegistry, REGISTRY_MIGRATIONS, REGISTRY_SCHEMA, registryRoutes, ReleaseFiles } from '@kits/registry';
import { auditLog } from './tenancy/audit.ts';
import { ensureOperator } from './tenancy/operators.ts';
import { registerOfficeRoutes } from './office/routes.ts';
import { registerTillRoutes } from './till/routes.ts';
import { SyncChangeFeed, horizonReader } from './sync/change-feed.ts';
import { registerSyncRoutes } from './sync/routes.ts';
import { registerTenancyRoutes } from './tenancy/routes.ts';
import { registerStaffRoutes } from './tenancy/staff.ts';

export const KERNEL_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
const KERNEL_MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

export interface KernelOptions {
  /** A logger to use instead of one made from LOG_LEVEL. */
  readonly logger?: Logger;
  /**
   * Plugin packages to publish to the embedded registry at start besides those found in
   * PLUGIN_DIRS (the test kit passes the plugins under test). Not with REGISTRY_URL.
   */
  readonly plugins?: readonly PluginPackage[];
  /** Name prefixes for shared broker and Redis state, so parallel test kernels stay apart. */
  readonly eventExchange?: string;
  readonly coordinationPrefix?: string;
  /** An in-memory PGlite database starts from this initialised data folder (see EmbeddedDatabaseOptions). */
  readonly embeddedDatabaseTemplate?: Blob;
}

/** The services of one kernel, held in its awilix container. Plugins never see this. */
export interface KernelServices {
  readonly config: KernelConfig;
  readonly log: Logger;
  readonly db: Database;
  readonly coordination: Coordination;
  readonly metrics: KernelMetrics;
  readonly bus: EventBus;
  readonly validators: Validators;
  readonly catalog: PluginCatalog;
  readonly installer: PluginInstaller;
  readonly plugins: PluginHost;
}

export interface Kernel {
  readonly app: FastifyInstance;
  /** The embedded registry (mounted at /registry); undefined with REGISTRY_URL. */
  readonly registry: PluginRegistry | undefined;
  readonly config: KernelConfig;
  readonly db: Database;
  readonly plugins: PluginHost;
  readonly bus: EventBus;
  readonly coordination: Coordination;
  readonly log: Logger;
  /** Starts listening on HOST:PORT; returns the base URL. */
  listen(): Promise<string>;
  /** Starts a graceful shutdown: `/readyz` answers 503 from now on, while requests are still served. */
  drain(): void;
  close(): Promise<void>;
}

/**
 * Builds a kernel from a checked configuration: database and kernel migrations, coordination,
 * event bus, plugin host, and the Fastify app with every kernel route. Ready when it resolves.
 */
export async function createKernel(config: KernelConfig, options: KernelOptions = {}): Promise<Kernel> {
  const log = options.logger ?? createLogger(config);
  const database = await openDatabase(
    config,
    [],
    log,
    { maxConnections: config.databasePoolSize, preparedStatements: config.databasePreparedStatements },
    { template: options.embeddedDatabaseTemplate },
  );
  // OpenTelemetry traces when OTEL_EXPORTER_OTLP_ENDPOINT is set: transactions of traced work are spans.
  const tracing = createTracing(config, log, KERNEL_VERSION);
  const db = traceTransactions(database, tracing);
  // The spans left are exported last, once everything that makes them has stopped.
  const closers: Array<() => Promise<void>> = [() => db.close(), () => tracing.shutdown()];
  try {
    await untilDatabaseAnswers(db, log, config.databaseWaitSeconds * 1000);
    await migrateSchema(db, 'kernel', readMigrations(KERNEL_MIGRATIONS));
    if (config.operatorEmail && config.operatorPassword) await ensureOperator(db, config.operatorEmail, config.operatorPassword);

    const container: AwilixContainer<KernelServices> = createContainer<KernelServices>({
      injectionMode: InjectionMode.PROXY,
      strict: true,
    });
    const coordination = await createCoordination({
      db,
      config,
      log,
      ...(options.coordinationPrefix ? { keyPrefix: options.coordinationPrefix } : {}),
    });
    closers.unshift(() => coordination.close());
    const metrics = createMetrics();
    const bus = await createEventBus({
      db,
      config,
      log,
      metrics,
      tracing,
      ...(options.eventExchange ? { exchangeName: options.eventExchange } : {}),
    });
    closers.unshift(() => bus.stop());
    const syncChanges = new SyncChangeFeed(
      coordination.pubsub,
      horizonReader((sql) => db.query(sql)),
    );
    await syncChanges.start();
    closers.unshift(() => syncChanges.stop());
    if (config.registryUrl && options.plugins?.length) {
      throw new Error('Plugins under test are published to the embedded registry; start the kernel without REGISTRY_URL to pass them.');
    }
    // Every plugin comes from a registry: REGISTRY_URL, or the embedded one mounted at /registry.
    const catalog = new PluginCatalog();
    // The embedded registry is reached through the kernel's app, made further down.
    const mounted: { app?: FastifyInstance } = {};
    let registry: PluginRegistry | undefined;
    if (!config.registryUrl) {
      await migrateSchema(db, REGISTRY_SCHEMA, readMigrations(REGISTRY_MIGRATIONS), { tenantAccess: false });
      registry = new PluginRegistry({ db, files: new ReleaseFiles(config.registryFilesDir), log: log.child({ component: 'registry' }) });
    }
    const trusted = [...config.trustedPublishers];
    if (config.localPublisherKey) trusted.push({ name: LOCAL_PUBLISHER, publicKey: publicKeyOf(config.localPublisherKey) });
    const registryClient = new RegistryClient(
      config.registryUrl ? httpTransport(config.registryUrl) : injectTransport(() => mounted.app!, '/registry'),
    );
    const installer = new PluginInstaller({
      client: registryClient,
      trusted,
      cacheDir: config.pluginCacheDir,
      catalog,
      log,
    });

    // Each release's handler runs and failures, summed across kernels for rollouts (D-231).
    const releaseHealth = new ReleaseHealth({ db, log, flushMs: Math.min(5_000, config.rolloutCheckSeconds * 1000) });
    releaseHealth.start();
    closers.unshift(() => releaseHealth.stop());
    container.register({
      config: asValue(config),
      log: asValue(log),
      db: asValue(db),
      coordination: asValue(coordination),
      metrics: asValue(metrics),
      bus: asValue(bus),
      validators: asValue(createValidators()),
      catalog: asValue(catalog),
      installer: asValue(installer),
      plugins: asFunction(
        // Named one by one: spreading the cradle would resolve `plugins` itself.
        (cradle: KernelServices) =>
          new PluginHost({
            db: cradle.db,
            bus: cradle.bus,
            coordination: cradle.coordination,
            catalog: cradle.catalog,
            validators: cradle.validators,
            config: cradle.config,
            log: cradle.log,
            metrics: cradle.metrics,
            audit: auditLog,
            changes: syncChanges,
            kernelVersion: KERNEL_VERSION,
            kernelPermissions: KERNEL_PERMISSIONS,
            installer: cradle.installer,
            settingsCipher: new SettingsCipher(cradle.config.pluginSettingsKey, cradle.config.pluginSettingsKeyPrevious),
            releaseHealth,
          }),
      ).singleton(),
    });
    const host = container.resolve('plugins');
    closers.unshift(() => host.stop());
    // Reports' reads (GET routes declared `readFrom: 'reporting'`) go to the replica when there is one.
    const reporting = config.reportingDatabaseUrl ? await openReportingDatabase(config.reportingDatabaseUrl, log) : undefined;
    if (reporting) closers.push(() => reporting.close());
    registerStateGauges(metrics.registry, { db, bus, reporting, log });

    const app = await createHttpApp(config, log, () => host.openApiPaths());
    mounted.app = app;
    installHttpTracing(app, tracing);
    closers.unshift(() => app.close());
    installMetrics(app, metrics);
    // From `drain()` on, readiness fails, so the balancer stops sending before the listener closes.
    let draining = false;
    installHealth(app, [
      {
        name: 'shutdown',
        check: async () => {
          if (draining) throw new Error('this kernel is shutting down; another one answers');
        },
      },
      { name: 'database', check: () => db.ping() },
      { name: 'coordination', required: false, check: () => coordination.check() },
      { name: 'events', required: false, check: () => bus.check() },
      // Away, only reports stop (503 reporting.unavailable): the kernel is degraded, still ready to sell.
      ...(reporting ? [{ name: 'reporting-database', required: false, check: () => reporting.ping() }] : []),
    ]);
    const signer = createTokenSigner(config.jwtSecret, config.accessTokenTtlSeconds, config.jwtSecretPrevious);
    // The kernel's own secrets (identity providers' client secrets, TOTP secrets) are sealed as plugins' are.
    const cipher = new SettingsCipher(config.pluginSettingsKey, config.pluginSettingsKeyPrevious);
    const endedSessions = new EndedSessions({ db, accessTtlSeconds: config.accessTokenTtlSeconds });
    const secondFactors = new SecondFactors({ db, cipher });
    const identityProviders = new IdentityProviders({ db, cipher });
    const sessions = createSessionService({
      db,
      signer,
      refreshTtlSeconds: config.refreshTokenTtlSeconds,
      secondFactors,
      endedSessions,
      providerRefresh: (...check) => sso.providerRefresh(...check),
    });
    const sso = new SsoSignIn({ db, providers: identityProviders, sessions, cipher });
    const permissionCatalog = () => host.permissionCatalog();
    installAuthentication(app, createAuthenticator({ db, signer, endedSessions }));
    installApprovals(app, db);
    installIdempotency(app, coordination.idempotency);
    registerAuthRoutes(app, {
      db,
      sessions,
      permissionCatalog,
      rateLimits: coordination.rateLimits,
      secondFactors,
      endedSessions,
      identityProviders,
      sso,
      operatorSso: new OperatorSso({ db, signer, settings: config.operatorOidc }),
      passkeys: new Passkeys({ db }),
    });
    registerTenancyRoutes(app, { db, permissionCatalog });
    registerStaffRoutes(app, { db });
    const marketplace = new Marketplace({
      host,
      registry: registryClient,
      trustedPublishers: new Set(trusted.map((publisher) => publisher.name)),
      kernelVersion: KERNEL_VERSION,
    });
    registerPluginRoutes(app, { host, db, marketplace });
    const rollouts = new PluginRollouts({
      db,
      coordination,
      host,
      install: (pluginId, version) => installer.install(pluginId, version),
      log: log.child({ component: 'rollouts' }),
    });
    registerRolloutRoutes(app, { db, rollouts });
    await registerSyncRoutes(app, { db, host, metrics, changes: syncChanges, handlerTimeoutMs: config.handlerTimeoutMs });
    installPluginDispatch(app, {
      host,
      db,
      reporting,
      handlerTimeoutMs: config.handlerTimeoutMs,
      bodyLimitBytes: config.bodyLimitBytes,
    });
    await installPluginWebhooks(app, { host, db, handlerTimeoutMs: config.handlerTimeoutMs, bodyLimitBytes: config.bodyLimitBytes });
    await registerTillRoutes(app, { host, catalog, tillDir: config.tillDir });
    await registerOfficeRoutes(app, { host, catalog, officeDir: config.officeDir });
    if (registry) {
      await app.register(registryRoutes, { prefix: '/registry', registry, authorizeOperator: (request) => void requireOperator(request) });
      // The kernel's own plugins (and the test kit's) are published to it and installed from it.
      const local = [...discoverPlugins(config.pluginDirs), ...(options.plugins ?? [])];
      await publishLocalPlugins(local, {
        registry,
        installer,
        privateKeyPem: config.localPublisherKey!,
        cacheDir: config.pluginCacheDir,
        log,
      });
    }

    await host.start();
    // A yanked release this kernel runs is unloaded within seconds and its tenants moved (D-230).
    const yanked = new YankedReleases({
      db,
      coordination,
      registry: registryClient,
      host,
      log: log.child({ component: 'yanked-releases' }),
      intervalMs: config.yankCheckSeconds * 1000,
    });
    await yanked.start();
    closers.unshift(() => yanked.stop());
    rollouts.watch(config.rolloutCheckSeconds * 1000);
    closers.unshift(() => rollouts.stop());
    await bus.start();
    const retention = createEventRetention({ db, locks: coordination.locks, log, days: config.eventRetentionDays });
    retention.start();
    closers.unshift(() => retention.stop());
    await app.ready();

    let closed = false;
    return {
      app,
      registry,
      config,
      db,
      plugins: host,
      bus,
      coordination,
      log,
      async listen() {
        return app.listen({ host: config.host, port: config.port });
      },
      drain() {
        draining = true;
      },
      async close() {
        if (closed) return;
        closed = true;
        for (const close of closers) await close();
        await container.dispose();
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    throw error;
  }
}
