import type { TenantTransaction } from '@kits/plugin-sdk';

/** Adds the words of a product name to the tenant's search dictionary (words are never removed; harmless). */
export async function rememberSearchWords(tx: TenantTransaction, name: string): Promise<void> {
  await tx.query(
    `insert into inventory.search_words (tenant_id, word)
     select $1, w.word from regexp_split_to_table(lower($2), '[^[:alnum:]]+') as w(word) where length(w.word) >= 2
     on conflict do nothing`,
    [tx.tenantId, name],
  );
}

/**
 * Ranked search over names (tolerating typos and cut-short words), SKU prefixes and barcode
 * prefixes. $1 query, $2 limit + 1, $3 offset, $4 the query as a literal LIKE prefix.
 */
export const SEARCH_SQL = `
with terms as (
  select t.term, t.ord from regexp_split_to_table(lower($1), '[^[:alnum:]]+') with ordinality as t(term, ord) where length(t.term) >= 2
),
expansions as (
  select terms.ord, w.word,
         greatest(similarity(w.word, terms.term), case when w.word like replace(replace(terms.term, '%', '\\%'), '_', '\\_') || '%' then 0.95 else 0 end) as closeness
    from terms join inventory.search_words w on w.word % terms.term or w.word like replace(replace(terms.term, '%', '\\%'), '_', '\\_') || '%'
),
nearest as (
  select ord, word, closeness from (select e.*, row_number() over (partition by ord order by closeness desc, word) as rank from expansions e) ranked where rank <= 5
),
name_hits as (
  select p.tenant_id, p.product_id, p.name, n.ord, max(n.closeness) as closeness
    from nearest n join inventory.products p on p.name ilike '%' || n.word || '%' and p.status = 'active'
   group by p.tenant_id, p.product_id, p.name, n.ord
),
-- Only a page's worth of products: each variant in the top results belongs to a product in the
-- top products by the same order, so ranking stops here instead of after joining every variant.
name_matches as (
  select tenant_id, product_id, avg(closeness) as score from name_hits
   group by tenant_id, product_id, name having count(*) = (select count(*) from terms)
   order by avg(closeness) desc, name
   limit $2::int + $3::int
),
-- Every join below uses its key, which leads with tenant_id (RLS confines the rows to one tenant).
candidates as materialized (
  select v.tenant_id, v.variant_id, m.score from name_matches m join inventory.variants v on v.tenant_id = m.tenant_id and v.product_id = m.product_id
  union all
  select tenant_id, variant_id, 0.9 from inventory.variants where upper(sku) like upper($4) || '%'
  union all
  select tenant_id, variant_id, case when code = $1 then 1.0 else 0.8 end from inventory.barcodes where code like $4 || '%'
)
select v.variant_id, v.product_id, p.name, v.sku, v.options, max(c.score)::float8 as score
  from candidates c
  join inventory.variants v on v.tenant_id = c.tenant_id and v.variant_id = c.variant_id
  join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
 where p.status = 'active' and v.status = 'active'
 group by v.variant_id, v.product_id, p.name, v.sku, v.options
 order by score desc, p.name, v.sku
 limit $2 offset $3`;
