import { accountingContract } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { connect, connection, DATABASE_KINDS, quickBooksKit, type QuickBooksKit } from './support.ts';

// The SDK's accounting@1 contract, run against quickbooks as the accounting plugin reaches it
// (services.use in a route's transaction), with QuickBooks Online played by the double. Each case
// gets a connected company: one the revoked case left needing a reconnect is connected afresh.
describe.each(DATABASE_KINDS)('quickbooks passes the accounting@1 contract on %s', (db) => {
  let s: QuickBooksKit;

  beforeAll(async () => {
    s = await quickBooksKit(db);
    await connect(s);
  });
  afterAll(async () => s?.close());

  const cases = accountingContract(
    async () => {
      if ((await connection(s)).status !== 'connected') await connect(s);
      return s.accounting;
    },
    {
      double: {
        failNextWith: (kind) => s.qbo.failNextWith(kind),
        journalsStored: () => s.qbo.journalsStored(),
      },
    },
  );
  for (const c of cases) it(c.name, c.run);
});
