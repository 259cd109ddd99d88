import { conflict, notFound } from '@kits/plugin-sdk';
import type { Logger } from 'pino';
import semver from 'semver';
import { v7 as uuidv7 } from 'uuid';
import type { Coordination } from '../../coordination/coordination.ts';
import { isUniqueViolation } from '../../db/database-errors.ts';
import type { Database } from '../../db/database.ts';
import { leaveInstallNotice } from '../install-notices.ts';
import type { PluginHost } from '../plugin-host.ts';
import { failureRate, releaseHealthSince, type HealthCount } from './release-health.ts';

export type RolloutStage = 'canary' | 'general' | 'completed' | 'rolled_back';

export interface MovedTenant {
  readonly tenantId: string;
  /** The version the tenant ran before the rollout moved it. */
  readonly from: string;
}

export interface Rollout {
  readonly rolloutId: string;
  readonly pluginId: string;
  readonly version: string;
  readonly stage: RolloutStage;
  readonly soakSeconds: number;
  readonly minRuns: number;
  readonly startedBy: string;
  readonly startedAt: string;
  readonly stageStartedAt: string;
  readonly moved: readonly MovedTenant[];
  /** The predecessors' handler runs and failures the release is held to, once known. */
  readonly baseline: HealthCount | null;
  readonly outcome: string | null;
  readonly finishedAt: string | null;
}

interface RolloutRow {
  rollout_id: string;
  plugin_id: string;
  version: string;
  stage: RolloutStage;
  soak_seconds: number;
  min_runs: number;
  started_by: string;
  started_at: Date;
  stage_started_at: Date;
  moved: MovedTenant[];
  baseline: HealthCount | null;
  outcome: string | null;
  finished_at: Date | null;
}

const rolloutOf = (row: RolloutRow): Rollout => ({
  rolloutId: row.rollout_id,
  pluginId: row.plugin_id,
  version: row.version,
  stage: row.stage,
  soakSeconds: row.soak_seconds,
  minRuns: row.min_runs,
  startedBy: row.started_by,
  startedAt: new Date(row.started_at).toISOString(),
  stageStartedAt: new Date(row.stage_started_at).toISOString(),
  moved: row.moved,
  baseline: row.baseline,
  outcome: row.outcome,
  finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
});

const percent = (count: HealthCount) => `${(failureRate(count) * 100).toFixed(1)} % of ${count.runs} runs`;

export interface PluginRolloutsDeps {
  readonly db: Database;
  readonly coordination: Coordination;
  readonly host: Pick<PluginHost, 'enable'>;
  /** Installs (checks) the release from the registry: unknown, yanked, untrusted or tampered ones are refused. */
  readonly install: (pluginId: string, version: string) => Promise<unknown>;
  readonly log: Logger;
}

/**
 * Release rings (D-231): a rollout moves the shops that run a plugin in a range allowing the new
 * release — the canary ring first. After a soak, once the release has run its handlers `minRuns`
 * times, its failure rate is compared with its predecessors' over the same time: higher, and the
 * canaries go back (with a notice); otherwise the other shops move, and the release is held to the
 * same baseline for one more soak before the rollout completes.
 */
export class PluginRollouts {
  readonly #deps: PluginRolloutsDeps;
  #timer: NodeJS.Timeout | undefined;
  #advancing: Promise<unknown> | undefined;

  constructor(deps: PluginRolloutsDeps) {
    this.#deps = deps;
  }

  /** Every `intervalMs`, one kernel (a lock) takes the due rollouts a step. */
  watch(intervalMs: number): void {
    this.#timer = setInterval(() => {
      this.#advancing ??= this.#deps.coordination.locks
        .tryWithLock('plugins:rollouts', Math.max(60_000, intervalMs * 2), () => this.advance())
        .catch((error: unknown) => this.#deps.log.warn({ err: error }, 'advancing plugin rollouts failed; trying again shortly'))
        .finally(() => (this.#advancing = undefined));
    }, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#advancing;
  }

  async start(input: { pluginId: string; version: string; soakSeconds: number; minRuns: number }, operatorId: string): Promise<Rollout> {
    const { pluginId, version } = input;
    await this.#deps.install(pluginId, version);
    const eligible = await this.#eligible(pluginId, version);
    if (eligible.length === 0) {
      throw conflict(
        'plugins.rollout_nobody',
        `No shop runs ${pluginId} below ${version} in a range that allows ${version}; pin shops with PUT /api/v1/tenants/{tenantId}/plugins/${pluginId} instead.`,
      );
    }
    const canaries = eligible.filter((tenant) => tenant.ring === 'canary');
    const stage: RolloutStage = canaries.length > 0 ? 'canary' : 'general';
    const fromVersions = [...new Set(eligible.map((tenant) => tenant.version))];
    // Without canaries the release is held to what its predecessors did over the soak before it.
    const baseline =
      stage === 'general'
        ? await releaseHealthSince(this.#deps.db, pluginId, fromVersions, new Date(Date.now() - input.soakSeconds * 1000))
        : null;
    const rolloutId = uuidv7();
    try {
      await this.#deps.db.query(
        `insert into kernel.plugin_rollouts (rollout_id, plugin_id, version, stage, soak_seconds, min_runs, started_by, baseline)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          rolloutId,
          pluginId,
          version,
          stage,
          input.soakSeconds,
          input.minRuns,
          `operator:${operatorId}`,
          baseline && JSON.stringify(baseline),
        ],
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw conflict('plugins.rollout_running', `A rollout of ${pluginId} is running; wait for it to finish or roll it back first.`);
    }
    await this.#move(rolloutId, pluginId, version, stage === 'canary' ? canaries : eligible);
    return this.get(rolloutId);
  }

  async get(rolloutId: string): Promise<Rollout> {
    const [row] = await this.#deps.db.query<RolloutRow>('select * from kernel.plugin_rollouts where rollout_id = $1', [rolloutId]);
    if (!row) throw notFound('plugins.rollout_not_found', `There is no rollout ${rolloutId}. GET /api/v1/plugin-rollouts lists them.`);
    return rolloutOf(row);
  }

  async list(): Promise<Rollout[]> {
    const rows = await this.#deps.db.query<RolloutRow>('select * from kernel.plugin_rollouts order by started_at desc limit 100');
    return rows.map(rolloutOf);
  }

  /** An operator's rollback: every shop the rollout moved goes back to the version it ran before. */
  async rollBack(rolloutId: string, operatorId: string): Promise<Rollout> {
    const rollout = await this.get(rolloutId);
    if (rollout.stage !== 'canary' && rollout.stage !== 'general') {
      throw conflict(
        'plugins.rollout_finished',
        `The rollout of ${rollout.pluginId}@${rollout.version} is ${rollout.stage.replace('_', ' ')}.`,
      );
    }
    await this.#rollBack(rollout, `operator ${operatorId} rolled it back`);
    return this.get(rolloutId);
  }

  /** Takes each running rollout whose soak is over one step: promote, complete or roll back. */
  async advance(): Promise<void> {
    const due = await this.#deps.db.query<RolloutRow>(
      `select * from kernel.plugin_rollouts
        where stage in ('canary', 'general') and stage_started_at + make_interval(secs => soak_seconds) <= now()`,
    );
    for (const row of due) await this.#advance(rolloutOf(row));
  }

  async #advance(rollout: Rollout): Promise<void> {
    const { pluginId, version } = rollout;
    const since = new Date(rollout.stageStartedAt);
    const release = await releaseHealthSince(this.#deps.db, pluginId, [version], since);
    if (release.runs < rollout.minRuns) return; // not enough evidence yet: the soak goes on
    const fromVersions = [...new Set(rollout.moved.map((tenant) => tenant.from))];
    const baseline = rollout.baseline ?? (await releaseHealthSince(this.#deps.db, pluginId, fromVersions, since));
    if (failureRate(release) > failureRate(baseline)) {
      await this.#rollBack(rollout, `its handlers failed ${percent(release)}, its predecessors' ${percent(baseline)}`);
      return;
    }
    if (rollout.stage === 'canary') {
      await this.#deps.db.query(
        `update kernel.plugin_rollouts set stage = 'general', stage_started_at = now(), baseline = $2 where rollout_id = $1`,
        [rollout.rolloutId, JSON.stringify(baseline)],
      );
      await this.#move(rollout.rolloutId, pluginId, version, await this.#eligible(pluginId, version));
      this.#deps.log.info({ plugin: pluginId, version, release, baseline }, 'rollout promoted from the canary ring to every shop');
      return;
    }
    await this.#finish(rollout.rolloutId, 'completed', `its handlers failed ${percent(release)}, its predecessors' ${percent(baseline)}`);
    this.#deps.log.info({ plugin: pluginId, version, release, baseline }, 'rollout completed');
  }

  /** Shops running the plugin below `version` in a range that allows it. */
  async #eligible(pluginId: string, version: string) {
    const rows = await this.#deps.db.query<{ tenant_id: string; ring: string; version_range: string; resolved_version: string }>(
      `select i.tenant_id, t.release_ring as ring, i.version_range, i.resolved_version
         from kernel.plugin_installs i join kernel.tenants t on t.tenant_id = i.tenant_id
        where i.plugin_id = $1 and i.enabled order by i.tenant_id`,
      [pluginId],
    );
    return rows
      .filter((row) => semver.satisfies(version, row.version_range) && semver.lt(row.resolved_version, version))
      .map((row) => ({ tenantId: row.tenant_id, ring: row.ring, range: row.version_range, version: row.resolved_version }));
  }

  /** Moves shops to the release one by one; one that cannot move (its schema, its requirements) stays and is logged. */
  async #move(
    rolloutId: string,
    pluginId: string,
    version: string,
    tenants: ReadonlyArray<{ tenantId: string; range: string; version: string }>,
  ) {
    for (const tenant of tenants) {
      try {
        await this.#deps.host.enable(tenant.tenantId, pluginId, tenant.range, this.#actor(tenant.tenantId), undefined, version);
        await this.#deps.db.query(`update kernel.plugin_rollouts set moved = moved || $2::jsonb where rollout_id = $1`, [
          rolloutId,
          JSON.stringify([{ tenantId: tenant.tenantId, from: tenant.version }]),
        ]);
      } catch (error) {
        this.#deps.log.warn(
          { err: error, tenantId: tenant.tenantId, plugin: pluginId, version },
          'a rollout could not move a shop; it stays',
        );
      }
    }
  }

  async #rollBack(rollout: Rollout, why: string): Promise<void> {
    const { pluginId, version } = rollout;
    for (const tenant of rollout.moved) {
      try {
        const [install] = await this.#deps.db.query<{ version_range: string; resolved_version: string; enabled: boolean }>(
          'select version_range, resolved_version, enabled from kernel.plugin_installs where tenant_id = $1 and plugin_id = $2',
          [tenant.tenantId, pluginId],
        );
        // A shop that changed the plugin since (another version, disabled) keeps what it chose.
        if (!install?.enabled || install.resolved_version !== version) continue;
        await this.#deps.host.enable(
          tenant.tenantId,
          pluginId,
          install.version_range,
          this.#actor(tenant.tenantId),
          undefined,
          tenant.from,
        );
        await leaveInstallNotice(
          this.#deps,
          tenant.tenantId,
          [pluginId],
          `KiTS rolled ${pluginId} back from ${version} to ${tenant.from}: ${why}.`,
        );
      } catch (error) {
        this.#deps.log.error(
          { err: error, tenantId: tenant.tenantId, plugin: pluginId },
          'rolling a shop back failed; it stays on the release',
        );
      }
    }
    await this.#finish(rollout.rolloutId, 'rolled_back', why);
    this.#deps.log.warn({ plugin: pluginId, version, why }, 'rollout rolled back');
  }

  async #finish(rolloutId: string, stage: 'completed' | 'rolled_back', outcome: string): Promise<void> {
    await this.#deps.db.query('update kernel.plugin_rollouts set stage = $2, outcome = $3, finished_at = now() where rollout_id = $1', [
      rolloutId,
      stage,
      outcome,
    ]);
  }

  #actor(tenantId: string) {
    return { kind: 'system' as const, id: 'kernel:rollout', tenantId };
  }
}
