import type Shopify from 'shopify-api-node';

/**
 * Shopify's GraphQL cost budget (a leaky bucket: `maximumAvailable` points, refilled at
 * `restoreRate` a second) as this process last heard it from the store, per client. A call whose
 * expected cost is above what is left now waits for the refill — briefly — or is refused with the
 * wait, so the caller reschedules instead of being answered THROTTLED.
 */
interface KnownBudget {
  currentlyAvailable: number;
  maximumAvailable: number;
  restoreRate: number;
  /** When Shopify reported it (ms since epoch). */
  at: number;
}

const budgets = new WeakMap<Shopify, KnownBudget>();
/** What each document cost when last asked (Shopify's `requestedQueryCost`), to expect the same next time. */
const costs = new Map<string, number>();

/** Expected cost of a refused query when Shopify did not say (a mutation's price). */
const UNKNOWN_COST = 10;
/** The most one query may cost (Shopify refuses a query asking more): what a document never asked before may cost. */
const MAX_QUERY_COST = 1000;
const MAX_REMEMBERED_DOCUMENTS = 500;

/** Records the budget Shopify reported with an answer (the client's `callGraphqlLimits`, filled per response). */
export function noteBudget(client: Shopify, document: string): void {
  const limits = client.callGraphqlLimits;
  if (limits.remaining === undefined || limits.max === undefined || limits.restoreRate === undefined) return;
  budgets.set(client, {
    currentlyAvailable: limits.remaining,
    maximumAvailable: limits.max,
    restoreRate: limits.restoreRate,
    at: Date.now(),
  });
  if (typeof limits.requestedQueryCost === 'number') {
    if (costs.size >= MAX_REMEMBERED_DOCUMENTS && !costs.has(document)) costs.clear();
    costs.set(document, limits.requestedQueryCost);
  }
}

/**
 * The cost a document is expected to have: what Shopify asked for it last time; for one never asked
 * before, the most a query may cost (at most the bucket), so a first read of unknown weight does not
 * meet a nearly empty bucket and come back THROTTLED. Callers that know their cost say it.
 */
export function expectedCost(client: Shopify, document: string): number {
  return costs.get(document) ?? Math.min(MAX_QUERY_COST, budgets.get(client)?.maximumAvailable ?? MAX_QUERY_COST);
}

/** Points available now by what was last heard (refilled since at the restore rate), or undefined when nothing was heard yet. */
export function availableNow(client: Shopify, now = Date.now()): number | undefined {
  const known = budgets.get(client);
  if (!known) return undefined;
  return Math.min(known.maximumAvailable, known.currentlyAvailable + (known.restoreRate * (now - known.at)) / 1000);
}

/** How long until `cost` points are available (0: now), by what was last heard. */
export function waitFor(client: Shopify, cost: number, now = Date.now()): number {
  const known = budgets.get(client);
  const available = availableNow(client, now);
  if (!known || available === undefined || available >= cost) return 0;
  // A cost above the bucket's size can never be met by waiting: Shopify refuses the query itself.
  if (cost > known.maximumAvailable) return 0;
  return Math.ceil(((cost - available) / known.restoreRate) * 1000);
}

/**
 * Takes `cost` points off the known budget as a call is sent, so calls made at the same time (the
 * stock push, the order poll, a catalog page) do not all count the same points; the answer's own
 * report replaces the estimate.
 */
export function reserveCost(client: Shopify, cost: number, now = Date.now()): void {
  const known = budgets.get(client);
  const available = availableNow(client, now);
  if (!known || available === undefined) return;
  budgets.set(client, { ...known, currentlyAvailable: available - cost, at: now });
}

/** The wait Shopify's THROTTLED answer implies: until the refused query's cost is refilled. */
export function throttledWait(client: Shopify): number {
  const limits = client.callGraphqlLimits;
  const requested = limits.requestedQueryCost ?? UNKNOWN_COST;
  const available = limits.remaining ?? 0;
  const rate = limits.restoreRate ?? 50;
  return Math.max(1000, Math.ceil(((requested - available) / rate) * 1000));
}
