import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountingKit,
  CASHIER,
  DATABASE_KINDS,
  daysAgoAtNoon,
  exportsOf,
  ledgerOf,
  mapAsSuggested,
  offlineDay,
  settled,
  variant,
} from './support.ts';

type Problem = { code: string; detail: string; status: number };

/** Each route answers bad input with a 4xx problem+json that changes nothing; and the happy path of each. */
describe.each(DATABASE_KINDS)('accounting routes, on %s', (db) => {
  let kit: TestKernel;
  let till: TestTill;
  let soap: string;
  const day = daysAgoAtNoon(2).slice(0, 10);
  const api = (path: string) => `/api/v1/accounting${path}`;
  const mappingRows = async () =>
    (
      await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from accounting.account_mappings where tenant_id = $1', [
        kit.tenant.id,
      ])
    )[0]!.n;

  beforeAll(async () => {
    kit = await accountingKit(db);
    soap = await variant(kit, 250);
    till = await kit.signInTill({ permissions: CASHIER });
    // A day whose shift is still open: it is not closed, so the job leaves it to "Export now".
    await offlineDay(
      kit,
      till,
      daysAgoAtNoon(2),
      [{ lines: [{ variantId: soap, quantity: 1 }], tenders: [{ method: 'cash', amount: 250 }] }],
      {
        keepOpen: true,
      },
    );
    expect(await settled(kit)).toEqual([]);
  });
  afterAll(() => kit?.close());

  it('GET /status names the system and its connection, the mapping as incomplete, and no exports', async () => {
    const status = await kit.request<{
      provider: { system: { id: string } };
      mappingComplete: boolean;
      counts: Record<string, number>;
      lastPostedAt: null;
    }>('GET', api('/status'));
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ provider: { system: { id: 'test-ledger' } }, mappingComplete: false, lastPostedAt: null });
    expect(status.body.counts).toEqual({ waiting: 0, posting: 0, posted: 0, failed: 0, paused: 0 });
  });

  it('GET /mapping is 409 accounting.not_connected while the provider is not connected', async () => {
    ledgerOf(kit.tenant.id).connection = { status: 'reconnect_required', companyName: null, currency: null, reason: 'token revoked' };
    try {
      const answer = await kit.request<Problem>('GET', api('/mapping'));
      expect(answer.status).toBe(409);
      expect(answer.headers['content-type']).toMatch(/problem\+json/);
      expect(answer.body.code).toBe('accounting.not_connected');
    } finally {
      ledgerOf(kit.tenant.id).reconnect();
    }
  });

  it('PUT /mapping refuses unknown accounts and tax rates (naming them), unknown roles and fields, duplicates — and saves nothing', async () => {
    const bad: Array<[object, number, string]> = [
      [{ accounts: [{ role: 'sales', key: 'VAT 20%', accountId: 'acc-nope' }] }, 400, 'accounting.unknown_account'],
      [{ taxCodes: [{ taxCode: 'VAT 20%', taxRateId: 'tax-nope' }] }, 400, 'accounting.unknown_account'],
      [{ accounts: [{ role: 'bribes', key: '', accountId: 'acc-sales' }] }, 400, 'request.invalid'],
      [{ accounts: [], colour: 'red' }, 400, 'request.invalid'],
      [
        {
          accounts: [
            { role: 'tender', key: 'cash', accountId: 'acc-cash' },
            { role: 'tender', key: 'cash', accountId: 'acc-card' },
          ],
        },
        400,
        'accounting.duplicate_mapping',
      ],
    ];
    for (const [body, status, code] of bad) {
      const answer = await kit.request<Problem & { unknownAccounts?: string[] }>('PUT', api('/mapping'), { body });
      expect([answer.status, answer.body.code], JSON.stringify(answer.body)).toEqual([status, code]);
      expect(answer.headers['content-type']).toMatch(/problem\+json/);
      expect(await mappingRows()).toBe(0);
    }
    const named = await kit.request<Problem>('PUT', api('/mapping'), {
      body: { accounts: [{ role: 'sales', key: 'X', accountId: 'acc-nope' }] },
    });
    expect(named.body.detail).toMatch(/acc-nope/);
  });

  it('PUT /mapping saves a partial mapping; GET /mapping shows the choices beside the suggestions', async () => {
    const saved = await kit.request<{
      needed: Array<{ role: string; key: string; accountId: string | null; suggestedAccountId: string | null }>;
    }>('PUT', api('/mapping'), { body: { accounts: [{ role: 'tender', key: 'cash', accountId: 'acc-card' }] } });
    expect(saved.status).toBe(200);
    expect(saved.body.needed.find((n) => n.role === 'tender' && n.key === 'cash')).toMatchObject({
      accountId: 'acc-card',
      suggestedAccountId: 'acc-cash',
    });
    expect(saved.body.needed.find((n) => n.role === 'cogs')).toMatchObject({ accountId: null, suggestedAccountId: 'acc-cogs' });
  });

  it('GET /exports refuses a bad status, location, cursor or limit', async () => {
    for (const query of ['?status=lost', '?locationId=shop-1', '?after=%%%', '?limit=0', '?limit=500', '?colour=red']) {
      const answer = await kit.request<Problem>('GET', api(`/exports${query}`));
      expect(answer.status, query).toBe(400);
      expect(answer.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('GET /days/:locationId/:day/journal refuses a bad day or location; shows an open day as not closed', async () => {
    expect((await kit.request<Problem>('GET', api(`/days/${kit.tenant.locationId}/2026-02-30/journal`))).status).toBe(400);
    expect((await kit.request<Problem>('GET', api(`/days/not-a-location/${day}/journal`))).status).toBe(400);
    const unknown = await kit.request<Problem>('GET', api(`/days/00000000-0000-4000-8000-000000000000/${day}/journal`));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'accounting.unknown_location']);
    const journal = await kit.request<{ closed: boolean; debitTotal: number; creditTotal: number; lines: unknown[] }>(
      'GET',
      api(`/days/${kit.tenant.locationId}/${day}/journal`),
    );
    expect(journal.status).toBe(200);
    expect(journal.body.closed).toBe(false); // the shift that opened that day is still open
    expect(journal.body.debitTotal).toBe(journal.body.creditTotal);
    expect(journal.body.lines.length).toBeGreaterThan(0);
  });

  it('POST /days/…/export refuses today, an empty day and an incomplete mapping; then exports the ended day though its shift is open', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const notEnded = await kit.request<Problem>('POST', api(`/days/${kit.tenant.locationId}/${today}/export`));
    expect([notEnded.status, notEnded.body.code]).toEqual([409, 'accounting.day_not_ended']);
    const empty = await kit.request<Problem>('POST', api(`/days/${kit.tenant.locationId}/2020-01-01/export`));
    expect([empty.status, empty.body.code]).toEqual([409, 'accounting.nothing_to_export']);
    const incomplete = await kit.request<Problem & { unmapped: Array<{ role: string }> }>(
      'POST',
      api(`/days/${kit.tenant.locationId}/${day}/export`),
    );
    expect([incomplete.status, incomplete.body.code]).toEqual([409, 'accounting.mapping_incomplete']);
    expect(incomplete.body.unmapped.map((u) => u.role)).toContain('sales');
    expect(await exportsOf(kit)).toEqual([]);

    await mapAsSuggested(kit);
    const accepted = await kit.request<{ id: string; status: string; day: string }>(
      'POST',
      api(`/days/${kit.tenant.locationId}/${day}/export`),
    );
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ day, status: 'waiting' });
  });

  it('POST /exports/:id/retry refuses a bad or unknown id, and a cashier without accounting:manage', async () => {
    expect((await kit.request<Problem>('POST', api('/exports/nope/retry'))).status).toBe(400);
    const unknown = await kit.request<Problem>('POST', api('/exports/00000000-0000-4000-8000-000000000000/retry'));
    expect([unknown.status, unknown.body.code]).toEqual([404, 'accounting.unknown_export']);
    const [first] = await exportsOf(kit);
    const cashier = await kit.request<Problem>('POST', api(`/exports/${first!.id}/retry`), { token: till.token });
    expect(cashier.status).toBe(403);
  });
});
