import type { TenantTransaction } from '@kits/plugin-sdk';
import { ShopifyUserErrors, type AdminApi, type ShopifyUserError } from '../admin-api/index.ts';
import { recordFailure, resolveFailures } from '../sync-status/failures.ts';
import { notePushed, noteShopifyHolds } from './known-levels.ts';
import { readShopifyLevels, refKey } from './shopify-levels.ts';
import { isStaleCompare, MAX_QUANTITIES_PER_SET, setShopifyQuantities, userErrorIndex, type QuantityToSet } from './set-quantities.ts';
import { recordDrift, type DriftFoundBy, type StockDrift } from './stock-drift.ts';
import { stockTarget } from './stock-targets.ts';
import { backOffLevels } from './wanted-stock.ts';

/** A level to make equal on Shopify: KiTS's quantity, what KiTS knows Shopify holds, the mark seen. */
export interface LevelToWrite extends QuantityToSet {
  readonly variantId: string;
  readonly locationId: string;
  /** The wanted mark the push saw (null: a repair, which leaves the mark alone). */
  readonly seq: number | null;
}

export interface WriteOutcome {
  /** Levels Shopify now holds KiTS's quantity at. */
  readonly written: number;
  /** Set calls made. */
  readonly calls: number;
  /** Differences found on Shopify (stale compares, first pushes) and repaired. */
  readonly drifts: readonly StockDrift[];
  /** Levels Shopify refused (recorded as failures, tried again later). */
  readonly refused: number;
}

/** A stale compare is read again and set again this many times in one run at most (someone keeps changing it). */
const MAX_ROUNDS = 3;

/**
 * Sets Shopify to KiTS's quantity at these levels, `compareQuantity` being what KiTS knows Shopify
 * holds. The rule when Shopify holds something else (COMPARE_QUANTITY_STALE): KiTS is authoritative
 * at mapped locations, so the level is read again, the difference recorded (what Shopify had, what
 * KiTS expected, what KiTS set) and the level set again comparing with what was just read. A level
 * nothing is known of is set without comparing, and what it held is learnt from Shopify's answer
 * (the change's delta). Levels Shopify refuses otherwise become sync failures with Shopify's message
 * and are tried again later; the others go on. Throttling, a refused token or Shopify out of reach
 * are thrown for the caller (nothing is lost: what was not written stays wanted).
 */
export async function writeLevels(
  tx: TenantTransaction,
  api: AdminApi,
  levels: readonly LevelToWrite[],
  foundBy: DriftFoundBy = 'stale_compare',
  runId: string | null = null,
): Promise<WriteOutcome> {
  let pending = [...levels];
  let written = 0;
  let calls = 0;
  let refused = 0;
  const drifts: StockDrift[] = [];
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
    const next: LevelToWrite[] = [];
    // Shopify takes either compares for all quantities of a call or for none.
    const groups = [pending.filter((l) => l.compare !== null), pending.filter((l) => l.compare === null)];
    for (const group of groups) {
      for (let at = 0; at < group.length; at += MAX_QUANTITIES_PER_SET) {
        const batch = group.slice(at, at + MAX_QUANTITIES_PER_SET);
        calls += 1;
        try {
          const deltas = await setShopifyQuantities(api, batch);
          const firsts = batch
            .filter((l) => l.compare === null)
            .map((l) => ({ level: l, had: l.quantity - (deltas.get(refKey(l)) ?? 0) }))
            .filter(({ level, had }) => had !== level.quantity)
            .map(({ level, had }) => ({
              variantId: level.variantId,
              locationId: level.locationId,
              shopify: had,
              expected: null,
              kits: level.quantity,
            }));
          await recordDrift(tx, foundBy === 'reconciliation' ? 'reconciliation' : 'first_push', firsts, runId);
          drifts.push(...firsts);
          await notePushed(tx, batch);
          await resolveFailures(tx, 'stock', batch.map(stockTarget));
          written += batch.length;
        } catch (error) {
          if (!(error instanceof ShopifyUserErrors)) throw error;
          const sorted = sortUserErrors(error.userErrors, batch.length);
          const failed = sorted.all ? batch : batch.filter((_, index) => sorted.refused.has(index));
          for (const level of failed) {
            const says = sorted.messageOf(batch.indexOf(level));
            await recordFailure(tx, { area: 'stock', target: stockTarget(level), message: says.message, shopifyCode: says.code });
          }
          await backOffLevels(tx, failed);
          refused += failed.length;
          if (sorted.all) continue;
          const stale = batch.filter((_, index) => sorted.stale.has(index) || (sorted.allStale && !sorted.refused.has(index)));
          const refreshed = await refreshStale(tx, api, stale, foundBy, runId);
          drifts.push(...refreshed.drifts);
          next.push(...refreshed.levels, ...batch.filter((l, index) => !sorted.refused.has(index) && !stale.includes(l)));
        }
      }
    }
    pending = next;
  }
  return { written, calls, drifts, refused };
}

/**
 * Stale levels read again: what Shopify holds now is recorded as a difference (when it is not what
 * KiTS expected) and becomes the compare of the next set.
 */
async function refreshStale(
  tx: TenantTransaction,
  api: AdminApi,
  stale: readonly LevelToWrite[],
  foundBy: DriftFoundBy,
  runId: string | null,
): Promise<{ levels: LevelToWrite[]; drifts: StockDrift[] }> {
  if (stale.length === 0) return { levels: [], drifts: [] };
  const fresh = await readShopifyLevels(api, stale);
  const drifts: StockDrift[] = [];
  const levels: LevelToWrite[] = [];
  for (const level of stale) {
    const now = fresh.get(refKey(level)) ?? null;
    if (now !== level.compare && now !== null)
      drifts.push({
        variantId: level.variantId,
        locationId: level.locationId,
        shopify: now,
        expected: level.compare,
        kits: level.quantity,
      });
    levels.push({ ...level, compare: now });
  }
  await recordDrift(tx, foundBy === 'reconciliation' ? 'reconciliation' : 'stale_compare', drifts, runId);
  await noteShopifyHolds(
    tx,
    levels.filter((l) => l.compare !== null).map((l) => ({ variantId: l.variantId, locationId: l.locationId, shopify: l.compare! })),
  );
  return { levels, drifts };
}

interface SortedUserErrors {
  /** Quantities found stale (by index). */
  readonly stale: Set<number>;
  /** A stale compare that names no quantity: every quantity may be stale. */
  readonly allStale: boolean;
  /** Quantities refused for another reason. */
  readonly refused: Set<number>;
  /** An error that names no quantity and is not a stale compare: the whole call is refused. */
  readonly all: boolean;
  messageOf(index: number): { message: string; code: string | null };
}

/** Shopify's user errors of a set, sorted into stale compares and other refusals, by the quantity each names. */
export function sortUserErrors(userErrors: readonly ShopifyUserError[], count: number): SortedUserErrors {
  const stale = new Set<number>();
  const refused = new Set<number>();
  const messages = new Map<number, ShopifyUserError>();
  let allStale = false;
  let whole: ShopifyUserError | undefined;
  for (const error of userErrors) {
    const index = userErrorIndex(error, count);
    if (isStaleCompare(error)) {
      if (index === undefined) allStale = true;
      else stale.add(index);
      continue;
    }
    if (index === undefined) {
      whole ??= error;
      continue;
    }
    refused.add(index);
    messages.set(index, error);
  }
  for (const index of refused) stale.delete(index);
  return {
    stale,
    allStale,
    refused,
    all: whole !== undefined,
    messageOf(index) {
      const error = messages.get(index) ?? whole ?? userErrors[0];
      return { message: `Shopify refused the stock level: ${error?.message ?? 'no reason given'}`, code: error?.code ?? null };
    },
  };
}
