import type { TestKernel } from '@kits/kernel/test-kit';
import { tillEventLog } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASHIER, countRows, onHand, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

type Customer = { id: string; name: string; email: string | null; phone: string | null; note: string | null; archived: boolean };
type Problem = { code: string; detail: string };

describe.each(['pglite', 'postgres'] as const)('customers, and the sales that name them, on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await salesKit(db);
  });
  afterAll(async () => kit?.close());

  const add = (body: Record<string, unknown>, token?: string) =>
    kit.request<Customer & Problem>('POST', '/api/v1/core-sales/customers', { body, ...(token ? { token } : {}) });
  const find = (query: string) =>
    kit.request<{ items: Customer[]; nextCursor: string | null }>('GET', `/api/v1/core-sales/customers?${query}`);

  it('adds customers and finds them by the start of a name or a word of it, by email or phone, in pages', async () => {
    const ada = await add({ name: '  Ada Lovelace ', email: 'Ada@Example.org', phone: '+44 20 7946 0018', note: 'prefers email receipts' });
    expect(ada.status).toBe(201);
    expect(ada.body).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.org', phone: '+44 20 7946 0018', archived: false });
    await add({ name: 'Adam Smith' });
    await add({ name: 'Grace Hopper', email: 'grace@navy.example' });

    expect((await find('q=ada')).body.items.map((c) => c.name)).toEqual(['Ada Lovelace', 'Adam Smith']);
    expect((await find('q=lovel')).body.items.map((c) => c.name)).toEqual(['Ada Lovelace']);
    expect((await find('q=navy.example')).body.items.map((c) => c.name)).toEqual(['Grace Hopper']);
    expect((await find('q=7946')).body.items.map((c) => c.name)).toEqual(['Ada Lovelace']);
    // A percent sign is a character to look for, not a wildcard.
    expect((await find('q=%25')).body.items).toEqual([]);
    const first = await find('q=ad&limit=1');
    expect(first.body.items.map((c) => c.name)).toEqual(['Ada Lovelace']);
    const second = await find(`q=ad&limit=1&cursor=${first.body.nextCursor}`);
    expect([second.body.items.map((c) => c.name), second.body.nextCursor]).toEqual([['Adam Smith'], null]);

    const read = await kit.request<Customer>('GET', `/api/v1/core-sales/customers/${ada.body.id}`);
    expect(read.body).toEqual(ada.body);
  });

  it('changes and archives a customer: archived ones drop out of the search (unless asked for) and arrive at tills deleted', async () => {
    const linus = await add({ name: 'Linus Pauling', email: 'linus@example.org' });
    const changed = await kit.request<Customer>('PATCH', `/api/v1/core-sales/customers/${linus.body.id}`, {
      body: { phone: '555 0100', email: null },
    });
    expect(changed.body).toMatchObject({ name: 'Linus Pauling', phone: '555 0100', email: null });
    await kit.request('PATCH', `/api/v1/core-sales/customers/${linus.body.id}`, { body: { archived: true } });
    expect((await find('q=linus')).body.items).toEqual([]);
    expect((await find('q=linus&archived=true')).body.items.map((c) => [c.name, c.archived])).toEqual([['Linus Pauling', true]]);

    const till = await kit.signInTill({ permissions: CASHIER });
    // A pull hands out only changes below every transaction still running (in any database of the
    // cluster): under load, the archive shows up a moment later.
    const pull = async () =>
      (
        await kit.request<{ documents: Array<{ id: string; deleted: boolean; data: { name: string } }> }>(
          'POST',
          '/api/v1/sync/pull/core-sales.customers',
          { token: till.token, body: { checkpoint: null, limit: 1000 } },
        )
      ).body.documents;
    await expect.poll(async () => (await pull()).find((d) => d.id === linus.body.id)?.deleted, { timeout: 15_000 }).toBe(true);
    const pulled = { body: { documents: await pull() } };
    const byId = new Map(pulled.body.documents.map((d) => [d.id, d]));
    expect(byId.get(linus.body.id)).toMatchObject({ deleted: true });
    expect([...byId.values()].filter((d) => !d.deleted).map((d) => d.data.name)).toEqual(
      expect.arrayContaining(['Ada Lovelace', 'Adam Smith', 'Grace Hopper']),
    );
  });

  it('bad customer input is a 4xx problem naming what to fix, and writes nothing', async () => {
    const before = await countRows(kit, 'sales.customers');
    const cases: Array<[string, Record<string, unknown>, number, string?]> = [
      ['no name', { email: 'x@example.org' }, 400],
      // Refused by the route's schema (NonBlankText), before the directory's own check.
      ['blank name', { name: '   ' }, 400, 'request.invalid'],
      ['a name with a control character', { name: 'Ada\u0007' }, 400, 'request.invalid'],
      ['not an email', { name: 'Bad Mail', email: 'not-an-email' }, 400],
      ['not a phone', { name: 'Bad Phone', phone: 'call me maybe' }, 400],
      ['an unknown field', { name: 'Extra', loyaltyPoints: 10 }, 400],
      ['an email on file, in other letters', { name: 'Ada Again', email: 'ADA@example.org' }, 409, 'sales.customer_email_taken'],
    ];
    for (const [what, body, status, code] of cases) {
      const answer = await add(body);
      expect([what, answer.status]).toEqual([what, status]);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      if (code) expect(answer.body.code).toBe(code);
    }
    const unknown = await kit.request<Problem>('PATCH', `/api/v1/core-sales/customers/${uuidv7()}`, { body: { name: 'Nobody' } });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'sales.unknown_customer']);
    const empty = await kit.request<Problem>('PATCH', `/api/v1/core-sales/customers/${uuidv7()}`, { body: {} });
    expect(empty.status).toBe(400);
    expect((await kit.request('GET', `/api/v1/core-sales/customers/${uuidv7()}`)).status).toBe(404);
    expect((await kit.request('GET', '/api/v1/core-sales/customers/not-a-uuid')).status).toBe(400);
    // A cashier without core-sales:customers.write may look customers up, not add them.
    const cashier = await kit.signInTill({ permissions: CASHIER });
    expect((await add({ name: 'Walk In' }, cashier.token)).status).toBe(403);
    expect(await countRows(kit, 'sales.customers')).toBe(before);
  });

  it('a sale names a customer; an unknown customer is 404 and an archived one 409 online, and neither sale is written', async () => {
    const till = await tillWithShift(kit);
    const tea = await stockedVariant(kit, 450, 10);
    const [ada] = (await find('q=ada lovelace')).body.items;
    const sell = (customerId: string) =>
      kit.request<{ id: string; customerId: string | null } & Problem>('POST', '/api/v1/core-sales/sales', {
        token: till.token,
        body: { lines: [{ variantId: tea, quantity: 1 }], tenders: [{ method: 'cash', amount: 450 }], customerId },
      });
    const sold = await sell(ada!.id);
    expect([sold.status, sold.body.customerId]).toEqual([201, ada!.id]);

    const sales = await countRows(kit, 'sales.sales');
    const unknown = await sell(uuidv7());
    expect([unknown.status, unknown.body.code]).toEqual([404, 'sales.unknown_customer']);
    const [archived] = (await find('q=linus&archived=true')).body.items;
    const refused = await sell(archived!.id);
    expect([refused.status, refused.body.code]).toEqual([409, 'sales.customer_archived']);
    expect(await countRows(kit, 'sales.sales')).toBe(sales);
    expect(await onHand(kit, tea)).toBe(9);
  });

  it('offline, a sale may name a customer archived since; a customer the server never had denies the sale', async () => {
    const till = await kit.signInTill({ permissions: CASHIER });
    const tea = await stockedVariant(kit, 300, 10);
    const [archived] = (await find('q=linus&archived=true')).body.items;
    const shiftId = uuidv7();
    const event = tillEventLog(till.deviceId);
    const sale = (receiptNumber: number, customerId: string) =>
      event('sales.sale.completed', {
        sale: {
          id: uuidv7(),
          shiftId,
          lines: [{ variantId: tea, quantity: 1 }],
          tenders: [{ method: 'cash', amount: 300 }],
          expectedTotal: 300,
          customerId,
        },
        receiptNumber,
        cashierId: till.cashierId,
      });
    const pushed = await kit.request<{ answers: Array<{ status: string; code?: string }> }>('POST', '/api/v1/sync/push', {
      token: till.token,
      body: { events: [event('sales.shift.opened', { shiftId, openingFloat: 0 }), sale(1, archived!.id), sale(2, uuidv7())] },
    });
    expect(pushed.body.answers.map((a) => [a.status, a.code])).toEqual([
      ['accepted', undefined],
      ['accepted', undefined],
      ['denied', 'sales.unknown_customer'],
    ]);
    expect(await onHand(kit, tea)).toBe(9);
  });
});
