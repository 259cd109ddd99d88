import type { CatalogCategory, TenantTransaction } from '@kits/plugin-sdk';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** inventory@1 `categories`: the categories asked for that exist, with their names (what a report labels its rows with). */
export async function categoriesById(tx: TenantTransaction, categoryIds: readonly string[]): Promise<CatalogCategory[]> {
  const wanted = [...new Set(categoryIds)].filter((id) => UUID.test(id));
  if (wanted.length === 0) return [];
  const rows = await tx.query<{ category_id: string; name: string; parent_id: string | null }>(
    'select category_id, name, parent_id from inventory.categories where category_id = any($1::uuid[]) order by name, category_id',
    [wanted],
  );
  return rows.map((row) => ({ id: row.category_id, name: row.name, parentId: row.parent_id }));
}
