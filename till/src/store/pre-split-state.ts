import type { TillDatabase } from './till-database.ts';

/**
 * Before selling moved into core-sales' till bundle, the till kept the sale side's device state in
 * `meta` under its own keys. A till upgraded in a shop still holds them: its receipt numbers must
 * go on from where they were, its open shift and open cart must survive. On open, each such key is
 * moved once to core-sales' own device state (`core-sales:<key>`, see plugin-device-state.ts).
 */
const PRE_SPLIT_KEYS: Readonly<Record<string, string>> = {
  'receipt-number': 'core-sales:receipt-number',
  'open-shift': 'core-sales:open-shift',
  'open-cart': 'core-sales:open-cart',
  pricing: 'core-sales:pricing',
};

/** `sale:<id>`: another till's sale a return was taken against, kept for the shift's report. */
const REMEMBERED_SALE = /^sale:(.+)$/;

function newKey(id: string): string | undefined {
  const remembered = REMEMBERED_SALE.exec(id);
  return remembered ? `core-sales:sale-${remembered[1]!.toLowerCase()}` : PRE_SPLIT_KEYS[id];
}

export async function handOverPreSplitState(db: TillDatabase): Promise<void> {
  const docs = await db.meta.find().exec();
  for (const doc of docs) {
    const key = newKey(doc.id);
    if (!key) continue;
    // A key already handed over wins (the till ran the new code before): the old one just goes.
    if (!(await db.meta.findOne(key).exec())) await db.meta.insert({ id: key, value: doc.value });
    await doc.remove();
  }
}
