import { accountingContract } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { connectXero, DATABASE_KINDS, xeroKit, type XeroKit } from './support.ts';

// The SDK's accounting@1 contract, run against xero as the accounting plugin reaches it (services.use
// in a transaction, through the fixture) with Xero played by the double, in both posting styles, on
// both databases. A case that revoked the connection leaves it to be connected again for the next.
const RUNS = DATABASE_KINDS.flatMap((db) => (['manual_journal', 'invoices'] as const).map((postingStyle) => ({ db, postingStyle })));

describe.each(RUNS)('xero passes the accounting@1 contract ($postingStyle, $db)', ({ db, postingStyle }) => {
  let s: XeroKit;
  beforeAll(async () => {
    s = await xeroKit(db, { settings: { postingStyle } });
    await connectXero(s);
  });
  afterAll(async () => s?.close());

  const cases = accountingContract(
    async () => {
      if ((await s.accounting.connection()).status !== 'connected') await connectXero(s);
      return s.accounting;
    },
    { double: { failNextWith: (kind) => s.xero.failNextWith(kind), journalsStored: () => s.xero.journalsStored() } },
  );
  for (const c of cases) it(c.name, c.run);
});
