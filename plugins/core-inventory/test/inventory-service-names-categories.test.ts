import type { TestKernel } from '@kits/kernel/test-kit';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit } from './support.ts';

// inventory@1 `categories`: what another plugin (reports) labels its rows with.
describe.each(['pglite', 'postgres'] as const)('inventory@1 names categories on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await inventoryKit(db);
  });
  afterAll(async () => kit?.close());

  const addCategory = async (name: string, parentId?: string): Promise<string> => {
    const created = await kit.request<{ id: string }>('POST', '/api/v1/core-inventory/categories', {
      body: { name, ...(parentId ? { parentId } : {}) },
    });
    expect(created.status).toBe(201);
    return created.body.id;
  };

  it('answers the categories asked for that exist, with name and parent; unknown ids and non-ids are left out', async () => {
    const drinks = await addCategory('Drinks');
    const juice = await addCategory('Juice', drinks);
    const ids = [juice, drinks, randomUUID(), 'not-an-id', juice].join(',');

    const answer = await kit.request<{ items: unknown[] }>('GET', `/api/v1/sales-probe/categories?ids=${ids}`);

    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([
      { id: drinks, name: 'Drinks', parentId: null },
      { id: juice, name: 'Juice', parentId: drinks },
    ]);
  });

  it("does not answer another tenant's category", async () => {
    const mine = await addCategory('Bakery');
    const other = await kit.createTenant();

    const answer = await kit.request<{ items: unknown[] }>('GET', `/api/v1/sales-probe/categories?ids=${mine}`, {
      token: other.admin.token,
    });

    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([]);
  });
});
