import type { AccountingService, PluginLogger, ProviderJournal, TenantTransaction } from '@kits/plugin-sdk';
import { locationZones } from '../ledger/location-days.ts';
import type { DayPosting } from '../ledger/day-postings.ts';
import { readMapping, unmappedOf, type AccountMapping } from '../mapping/mapping-store.ts';
import { ledgerLabel, toProviderJournal } from '../journal-model.ts';
import { isNotConnected, isRateLimited, isRejected } from '../provider.ts';
import { backoffAfter } from './backoff.ts';
import { exportIdempotencyKey, exportMemo, exportReference } from './export-identity.ts';

/** Exports one run posts at most (each is a call to the provider). */
export const POSTS_PER_RUN = 20;
/** How soon an export that waits for a mapping looks again (saving the mapping wakes it at once). */
const MAPPING_RECHECK_SECONDS = 300;

interface DueExport {
  export_id: string;
  location_id: string;
  day: string;
  sequence: number;
  currency: string;
  postings: DayPosting[];
  attempts: number;
  failures: number;
  outcome_unknown: boolean;
}

/** What became of one run's exports, for the job's log and the tests. */
export interface PostRun {
  readonly posted: number;
  readonly waiting: number;
  readonly failed: number;
  readonly paused: number;
}

const seconds = (now: Date, s: number) => new Date(now.getTime() + s * 1000);

/**
 * Posts the exports that are due, oldest day first — an adjusting journal only after the journals
 * before it are posted — each once: under its deterministic idempotency key, and after a failure
 * whose outcome is unknown (a timeout) only once `findJournal` says the provider does not hold it.
 * Due rows are taken `for update skip locked`: a run beside this one (another kernel process) takes
 * others or none. A 429 waits Retry-After and ends the run; AccountingNotConnectedError pauses every
 * waiting export until the connection is back; other failures back off, then fail with the message.
 */
export async function postDueExports(tx: TenantTransaction, provider: AccountingService, now: Date, log: PluginLogger): Promise<PostRun> {
  const due = await tx.query<DueExport>(
    `select e.export_id, e.location_id, to_char(e.day, 'YYYY-MM-DD') as day, e.sequence, e.currency, e.postings, e.attempts, e.failures, e.outcome_unknown
       from accounting.exports e
      where e.status in ('waiting', 'posting') and e.next_attempt_at <= $1
        and not exists (select 1 from accounting.exports b
                         where b.tenant_id = e.tenant_id and b.location_id = e.location_id and b.day = e.day
                           and b.sequence < e.sequence and b.status <> 'posted')
      order by e.day, e.location_id, e.sequence
      limit ${POSTS_PER_RUN}
      for update of e skip locked`,
    [now],
  );
  const outcome = { posted: 0, waiting: 0, failed: 0, paused: 0 };
  if (due.length === 0) return outcome;
  const mapping = await readMapping(tx);
  const zones = await locationZones(tx);
  for (const item of due) {
    const result = await postOne(tx, provider, item, mapping, zones.get(item.location_id)?.name ?? 'Location', now, log);
    if (result.outcome === 'paused') {
      outcome.paused += 1 + (await pauseAll(tx, result.reason, now));
      break;
    }
    if (result.outcome === 'rate_limited') {
      outcome.waiting += 1;
      break;
    }
    outcome[result.outcome] += 1;
  }
  return outcome;
}

type PostOutcome =
  { readonly outcome: 'posted' | 'waiting' | 'failed' | 'rate_limited' } | { readonly outcome: 'paused'; readonly reason: string };

async function postOne(
  tx: TenantTransaction,
  provider: AccountingService,
  item: DueExport,
  mapping: AccountMapping,
  locationName: string,
  now: Date,
  log: PluginLogger,
): Promise<PostOutcome> {
  const unmapped = unmappedOf(item.postings, mapping);
  if (unmapped.length > 0) {
    const names = unmapped.map((a) => `"${ledgerLabel(a.role, a.key)}" (${a.role}${a.key ? `:${a.key}` : ''})`);
    await tx.query(
      `update accounting.exports set status = 'waiting', unmapped = $2, last_error = $3, next_attempt_at = $4, updated_at = $5 where export_id = $1`,
      [
        item.export_id,
        JSON.stringify(unmapped),
        `Waiting for the account mapping: choose an account for ${names.join(', ')} under Accounting → Account mapping.`,
        seconds(now, MAPPING_RECHECK_SECONDS),
        now,
      ],
    );
    return { outcome: 'waiting' };
  }
  const key = exportIdempotencyKey(tx.tenantId, item.location_id, item.day, item.sequence);
  const journal: ProviderJournal = toProviderJournal(item.postings, mapping, {
    date: item.day,
    currency: item.currency,
    reference: exportReference(locationName, item.day, item.sequence),
    memo: exportMemo(locationName, item.day, item.sequence, key),
  });
  try {
    const found = item.outcome_unknown ? await provider.findJournal(key, journal) : null;
    const posted = found ?? (await provider.postJournal(journal, key));
    await tx.query(
      `update accounting.exports set status = 'posted', provider_journal_id = $2, provider_url = $3, posted_at = $4, attempts = attempts + $5,
              failures = 0, outcome_unknown = false, last_error = null, unmapped = null, next_attempt_at = null, updated_at = $4
        where export_id = $1`,
      [item.export_id, posted.providerId, posted.url, now, found ? 0 : 1],
    );
    await tx.publish({
      type: 'accounting.export.posted',
      payload: {
        exportId: item.export_id,
        locationId: item.location_id,
        day: item.day,
        sequence: item.sequence,
        system: provider.system.name,
      },
    });
    return { outcome: 'posted' };
  } catch (error) {
    if (isRateLimited(error)) {
      await tx.query(
        `update accounting.exports set status = case when outcome_unknown then 'posting' else 'waiting' end, attempts = attempts + 1,
                last_error = $2, next_attempt_at = $3, updated_at = $4 where export_id = $1`,
        [item.export_id, error.message, seconds(now, Math.max(1, error.retryAfterSeconds)), now],
      );
      return { outcome: 'rate_limited' };
    }
    if (isNotConnected(error)) {
      await tx.query(
        `update accounting.exports set status = 'paused', attempts = attempts + 1, last_error = $2, next_attempt_at = null, updated_at = $3 where export_id = $1`,
        [item.export_id, error.message, now],
      );
      return { outcome: 'paused', reason: error.message };
    }
    // A refusal has the provider's words; anything else (a timeout, a dropped connection) may have
    // posted it: the next attempt asks findJournal first.
    const unknown = !isRejected(error);
    const message = isRejected(error) ? error.providerMessage : error instanceof Error ? error.message : String(error);
    if (unknown) log.warn({ err: error, exportId: item.export_id }, 'posting a journal failed with an unknown outcome');
    const failures = item.failures + 1;
    const wait = backoffAfter(failures);
    await tx.query(
      `update accounting.exports set status = $2, attempts = attempts + 1, failures = $3, outcome_unknown = outcome_unknown or $4,
              last_error = $5, next_attempt_at = $6, updated_at = $7 where export_id = $1`,
      [
        item.export_id,
        wait === null ? 'failed' : unknown || item.outcome_unknown ? 'posting' : 'waiting',
        failures,
        unknown,
        message.slice(0, 2000),
        wait === null ? null : seconds(now, wait),
        now,
      ],
    );
    if (wait === null)
      await tx.publish({
        type: 'accounting.export.failed',
        payload: {
          exportId: item.export_id,
          locationId: item.location_id,
          day: item.day,
          sequence: item.sequence,
          system: provider.system.name,
          message: message.slice(0, 500),
        },
      });
    return { outcome: wait === null ? 'failed' : 'waiting' };
  }
}

/** Pauses every export that waits to be posted: the provider is not connected (the reason is the merchant's to act on). */
async function pauseAll(tx: TenantTransaction, reason: string, now: Date): Promise<number> {
  const rows = await tx.query(
    `update accounting.exports set status = 'paused', last_error = $1, next_attempt_at = null, updated_at = $2
      where status in ('waiting', 'posting') or (status = 'paused' and last_error is distinct from $1) returning 1`,
    [reason, now],
  );
  return rows.length;
}

/**
 * While exports are paused, the connection is asked once per run: connected again, they go back
 * to waiting (and post in this run); still not, whatever else waits is paused with them without a
 * call to the provider, and the run posts nothing (a day the planning job adds meanwhile is paused
 * by the next run, never sent). Answers whether this run may post.
 */
export async function resumePaused(tx: TenantTransaction, provider: AccountingService, now: Date): Promise<'post' | 'still_paused'> {
  const [paused] = await tx.query<{ n: number }>("select count(*)::int as n from accounting.exports where status = 'paused'");
  if (!paused || paused.n === 0) return 'post';
  const connection = await provider.connection();
  if (connection.status !== 'connected') {
    await pauseAll(
      tx,
      `${provider.system.name} is not connected${connection.reason ? `: ${connection.reason}` : ''}. Reconnect it from its page under Accounting; exports go on by themselves then.`,
      now,
    );
    return 'still_paused';
  }
  await tx.query(
    `update accounting.exports set status = case when outcome_unknown then 'posting' else 'waiting' end, next_attempt_at = $1, updated_at = $1
      where status = 'paused'`,
    [now],
  );
  return 'post';
}

/** Pauses what waits when no plugin provides accounting@1 (disabled, or never enabled). */
export async function pauseWithoutProvider(tx: TenantTransaction, reason: string, now: Date): Promise<number> {
  return pauseAll(tx, reason, now);
}
