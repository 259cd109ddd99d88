import { unprocessable, type TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { DeliveryState, WebhookAttempt, WebhookDelivery } from '../../shared/endpoint.ts';
import { SECRET_PURPOSE } from '../endpoints/endpoint-store.ts';
import type { SendOutcome } from '../sending/http-send.ts';
import { DISABLE_AFTER_MS, GIVE_UP_AFTER_MS, retryDelayMs } from '../sending/retry-schedule.ts';

export interface DeliveryRow {
  delivery_id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  occurred_at: Date | string;
  state: DeliveryState;
  attempts: number;
  next_attempt_at: Date | string;
  last_status: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  replay_of: string | null;
  created_at: Date | string;
}

export const DELIVERY_COLUMNS =
  'delivery_id, endpoint_id, event_id, event_type, occurred_at, state, attempts, next_attempt_at, last_status, last_error, last_duration_ms, replay_of, created_at';

const iso = (value: Date | string): string => new Date(value).toISOString();

export function deliveryOf(row: DeliveryRow): WebhookDelivery {
  return {
    id: row.delivery_id,
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    eventType: row.event_type,
    occurredAt: iso(row.occurred_at),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'pending' ? iso(row.next_attempt_at) : null,
    lastStatus: row.last_status,
    lastError: row.last_error,
    lastDurationMs: row.last_duration_ms,
    replayOf: row.replay_of,
    createdAt: iso(row.created_at),
  };
}

export function attemptOf(row: {
  attempt_id: string;
  attempted_at: Date | string;
  url: string;
  request_headers: Record<string, string>;
  response_status: number | null;
  response_excerpt: string | null;
  duration_ms: number;
  error: string | null;
}): WebhookAttempt {
  return {
    id: row.attempt_id,
    attemptedAt: iso(row.attempted_at),
    url: row.url,
    requestHeaders: row.request_headers,
    responseStatus: row.response_status,
    responseExcerpt: row.response_excerpt,
    durationMs: row.duration_ms,
    error: row.error,
  };
}

/** A delivery taken by the sender: what to send, where, and with which secrets. */
export interface ClaimedDelivery {
  readonly tenantId: string;
  readonly deliveryId: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly attempt: number;
  readonly url: string;
  readonly body: string;
  readonly secrets: readonly string[];
  readonly ordered: boolean;
}

/**
 * Takes due deliveries (and ones whose sender's lease ran out: a process that died mid-send) in
 * commit order and leases them: per enabled endpoint, at most `free` of them (`perEndpoint` unless
 * this process already has some in flight), and for an ordered endpoint only its head — the oldest
 * delivery not yet done — so a failing head holds that endpoint and no other.
 */
export async function claimDue(
  tx: TenantTransaction,
  options: { perEndpoint: number; busy: ReadonlyMap<string, number>; leaseMs: number; limit: number },
): Promise<ClaimedDelivery[]> {
  const busyIds = [...options.busy.keys()];
  const busyFree = busyIds.map((id) => Math.max(0, options.perEndpoint - options.busy.get(id)!));
  const rows = await tx.query<{
    delivery_id: string;
    endpoint_id: string;
    event_id: string;
    attempts: number;
    body: string;
    url: string;
    ordered: boolean;
    secret_sealed: string;
    previous_secret_sealed: string | null;
    previous_valid: boolean;
  }>(
    `with claimable as (
       select d.delivery_id
         from webhooks.endpoints e
         left join unnest($2::uuid[], $3::int[]) as f(endpoint_id, free) on f.endpoint_id = e.endpoint_id
         cross join lateral (
           select d.delivery_id from webhooks.deliveries d
            where d.tenant_id = e.tenant_id and d.endpoint_id = e.endpoint_id
              and ((d.state = 'pending' and d.next_attempt_at <= now()) or (d.state = 'sending' and d.lease_until < now()))
              and (not e.ordered or d.seq = (
                    select min(h.seq) from webhooks.deliveries h
                     where h.tenant_id = e.tenant_id and h.endpoint_id = e.endpoint_id and h.state in ('pending', 'sending')))
            order by d.seq
            limit least(case when e.ordered then 1 else $1::int end, coalesce(f.free, $1::int))
            for update of d skip locked
         ) d
        where e.enabled and coalesce(f.free, 1) > 0
        limit $5
     ), taken as (
       update webhooks.deliveries u
          set state = 'sending', attempts = u.attempts + 1, lease_until = now() + $4::int * interval '1 millisecond'
        -- By primary key (an array, not a join): a join here was planned as a walk over all the
        -- tenant's deliveries whenever the table's statistics were stale.
        where u.tenant_id = $6 and u.delivery_id = any(array(select c.delivery_id from claimable c))
       returning u.delivery_id, u.endpoint_id, u.event_id, u.attempts, u.body::text as body, u.seq
     )
     select t.delivery_id, t.endpoint_id, t.event_id, t.attempts, t.body, e.url, e.ordered, e.secret_sealed,
            e.previous_secret_sealed, coalesce(e.previous_secret_expires_at > now(), false) as previous_valid
       from taken t join webhooks.endpoints e on e.endpoint_id = t.endpoint_id
      order by t.seq`,
    [options.perEndpoint, busyIds, busyFree, options.leaseMs, options.limit, tx.tenantId],
  );
  return rows.map((row) => {
    const secrets = [tx.secrets.open(SECRET_PURPOSE, row.secret_sealed)];
    if (row.previous_valid && row.previous_secret_sealed) secrets.push(tx.secrets.open(SECRET_PURPOSE, row.previous_secret_sealed));
    return {
      tenantId: tx.tenantId,
      deliveryId: row.delivery_id,
      endpointId: row.endpoint_id,
      eventId: row.event_id,
      attempt: row.attempts,
      url: row.url,
      body: row.body,
      secrets: secrets.filter((s): s is string => s !== undefined),
      ordered: row.ordered,
    };
  });
}

/** One finished attempt, as the sender hands it over to be recorded. */
export interface SentDelivery {
  readonly delivery: ClaimedDelivery;
  readonly at: Date;
  readonly headers: Readonly<Record<string, string>>;
  readonly outcome: SendOutcome;
}

/**
 * Records finished attempts of one tenant, set-based (the sender hands them over in batches), and
 * what follows from each: a success ends the delivery and clears its endpoint's failing streak; a
 * failure schedules the next attempt (backoff with jitter) or, 3 days after the delivery was
 * recorded, gives it up; an endpoint that has failed for a whole day without one success is
 * disabled and `webhooks.endpoint.disabled` published. Only attempts whose lease is still held
 * (state `sending`, same attempt number) are recorded: a sender whose lease ran out records nothing.
 */
export async function recordOutcomes(tx: TenantTransaction, sent: readonly SentDelivery[], retryBaseMs: number): Promise<void> {
  if (sent.length === 0) return;
  const held = await tx.query<{ delivery_id: string; created_at: Date | string }>(
    `select d.delivery_id, d.created_at from webhooks.deliveries d
       join unnest($1::uuid[], $2::int[]) as u(delivery_id, attempt) on d.delivery_id = u.delivery_id and d.attempts = u.attempt
      where d.delivery_id = any($1::uuid[]) and d.state = 'sending' for update of d`,
    [sent.map((s) => s.delivery.deliveryId), sent.map((s) => s.delivery.attempt)],
  );
  const createdAt = new Map(held.map((row) => [row.delivery_id, new Date(row.created_at).getTime()]));
  const kept = sent.filter((s) => createdAt.has(s.delivery.deliveryId));
  if (kept.length === 0) return;
  await tx.query(
    `insert into webhooks.attempts (tenant_id, attempt_id, delivery_id, endpoint_id, attempted_at, url, request_headers, response_status, response_excerpt, duration_ms, error)
     select $1, a.attempt_id, a.delivery_id, a.endpoint_id, a.attempted_at, a.url, a.headers::jsonb, a.status, a.excerpt, a.duration_ms, a.error
       from unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::timestamptz[], $6::text[], $7::text[], $8::int[], $9::text[], $10::int[], $11::text[])
            as a(attempt_id, delivery_id, endpoint_id, attempted_at, url, headers, status, excerpt, duration_ms, error)`,
    [
      tx.tenantId,
      kept.map(() => uuidv7()),
      kept.map((s) => s.delivery.deliveryId),
      kept.map((s) => s.delivery.endpointId),
      kept.map((s) => s.at.toISOString()),
      kept.map((s) => s.delivery.url),
      kept.map((s) => JSON.stringify(s.headers)),
      kept.map((s) => s.outcome.status ?? null),
      kept.map((s) => s.outcome.excerpt ?? null),
      kept.map((s) => s.outcome.durationMs),
      kept.map((s) => s.outcome.error ?? null),
    ],
  );
  const now = Date.now();
  const stateOf = (s: SentDelivery) =>
    s.outcome.error === undefined ? 'succeeded' : now - createdAt.get(s.delivery.deliveryId)! >= GIVE_UP_AFTER_MS ? 'failed' : 'pending';
  await tx.query(
    `update webhooks.deliveries d
        set state = u.state, lease_until = null, last_status = u.status, last_error = u.error, last_duration_ms = u.duration_ms,
            next_attempt_at = case when u.state = 'pending' then now() + u.delay_ms * interval '1 millisecond' else d.next_attempt_at end,
            finished_at = case when u.state = 'pending' then null else now() end
       from unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::int[], $6::int[]) as u(delivery_id, state, status, error, duration_ms, delay_ms)
      where d.delivery_id = u.delivery_id and d.delivery_id = any($1::uuid[])`,
    [
      kept.map((s) => s.delivery.deliveryId),
      kept.map(stateOf),
      kept.map((s) => s.outcome.status ?? null),
      kept.map((s) => s.outcome.error ?? null),
      kept.map((s) => s.outcome.durationMs),
      kept.map((s) => retryDelayMs(s.delivery.attempt, retryBaseMs)),
    ],
  );
  const succeeded = new Set(kept.filter((s) => s.outcome.error === undefined).map((s) => s.delivery.endpointId));
  if (succeeded.size > 0)
    await tx.query('update webhooks.endpoints set failing_since = null where endpoint_id = any($1::uuid[]) and failing_since is not null', [
      [...succeeded],
    ]);
  // An endpoint that also had a success in this batch is not failing.
  const lastError = new Map<string, string>();
  for (const s of kept)
    if (s.outcome.error !== undefined && !succeeded.has(s.delivery.endpointId)) lastError.set(s.delivery.endpointId, s.outcome.error);
  if (lastError.size === 0) return;
  const failing = await tx.query<{ endpoint_id: string; url: string; failing_since: Date | string; enabled: boolean }>(
    `update webhooks.endpoints set failing_since = coalesce(failing_since, now()) where endpoint_id = any($1::uuid[])
     returning endpoint_id, url, failing_since, enabled`,
    [[...lastError.keys()]],
  );
  for (const endpoint of failing) {
    if (!endpoint.enabled || now - new Date(endpoint.failing_since).getTime() < DISABLE_AFTER_MS) continue;
    const error = lastError.get(endpoint.endpoint_id)!;
    const since = new Date(endpoint.failing_since).toISOString();
    await tx.query(`update webhooks.endpoints set enabled = false, disabled_reason = $2, updated_at = now() where endpoint_id = $1`, [
      endpoint.endpoint_id,
      `Failed for a whole day (since ${since}); last: ${error}`.slice(0, 500),
    ]);
    await tx.publish({
      type: 'webhooks.endpoint.disabled',
      payload: { endpointId: endpoint.endpoint_id, url: endpoint.url, failingSince: since, lastError: error },
    });
  }
}

/** A new pending delivery of what `deliveryId` carried (same event id: receivers that dedupe see the same message). */
export async function replayDelivery(tx: TenantTransaction, endpointId: string, deliveryId: string): Promise<DeliveryRow | undefined> {
  const [row] = await tx.query<DeliveryRow>(
    `insert into webhooks.deliveries (tenant_id, delivery_id, endpoint_id, event_id, event_type, body, occurred_at, replay_of)
     select tenant_id, $3, endpoint_id, event_id, event_type, body, occurred_at, delivery_id
       from webhooks.deliveries where endpoint_id = $1 and delivery_id = $2
     returning ${DELIVERY_COLUMNS}`,
    [endpointId, deliveryId, uuidv7()],
  );
  return row;
}

/** The most deliveries one range replay may queue. */
export const MAX_RANGE_REPLAY = 10_000;

/** Queues again every event delivered (or owed) to the endpoint that occurred in [from, to), once each, oldest first. */
export async function replayRange(
  tx: TenantTransaction,
  endpointId: string,
  range: { from: string; to: string; onlyFailed: boolean },
): Promise<number> {
  const rows = await tx.query<{ delivery_id: string }>(
    `select distinct on (occurred_at, event_id) delivery_id from webhooks.deliveries
      where endpoint_id = $1 and occurred_at >= $2 and occurred_at < $3 and replay_of is null
        and ($4::boolean = false or state = 'failed')
      order by occurred_at, event_id, created_at
      limit ${MAX_RANGE_REPLAY + 1}`,
    [endpointId, range.from, range.to, range.onlyFailed],
  );
  if (rows.length === 0) return 0;
  if (rows.length > MAX_RANGE_REPLAY)
    throw unprocessable(
      'webhooks.range_too_large',
      `More than ${MAX_RANGE_REPLAY} events occurred in that range; replay a shorter one at a time.`,
      { limit: MAX_RANGE_REPLAY },
    );
  const ids = rows.map(() => uuidv7());
  const inserted = await tx.query(
    `insert into webhooks.deliveries (tenant_id, delivery_id, endpoint_id, event_id, event_type, body, occurred_at, replay_of)
     select d.tenant_id, r.new_id, d.endpoint_id, d.event_id, d.event_type, d.body, d.occurred_at, d.delivery_id
       from unnest($1::uuid[], $2::uuid[]) with ordinality as r(old_id, new_id, n)
       join webhooks.deliveries d on d.delivery_id = r.old_id and d.delivery_id = any($1::uuid[])
      order by r.n
     returning delivery_id`,
    [rows.map((r) => r.delivery_id), ids],
  );
  return inserted.length;
}
