import type { TenantTransaction } from '@kits/plugin-sdk';

/**
 * Keeps a product searchable after it is created, renamed, archived or restored: the words of its
 * name go into the tenant's dictionary (with their trigrams, for typo tolerance; never removed,
 * which is harmless) and, while the product is active, into its word list.
 */
export async function rememberSearchWords(tx: TenantTransaction, productId: string): Promise<void> {
  await tx.query('delete from inventory.product_words where tenant_id = $1 and product_id = $2', [tx.tenantId, productId]);
  await tx.query(
    `with product as (select name, status from inventory.products where product_id = $2),
     words as (
       select distinct w.word, product.name, product.status from product, regexp_split_to_table(lower(product.name), '[^[:alnum:]]+') as w(word)
        where length(w.word) >= 2),
     new_words as (
       insert into inventory.search_words (tenant_id, word, trigrams)
       select $1, word, coalesce(cardinality(show_trgm(word)), 0) from words on conflict do nothing returning word),
     new_trigrams as (
       insert into inventory.search_word_trigrams (tenant_id, trigram, word)
       select $1, g.trigram, n.word from new_words n, unnest(show_trgm(n.word)) as g(trigram) on conflict do nothing)
     insert into inventory.product_words (tenant_id, word, product_id, name)
     select $1, word, $2, name from words where status = 'active'`,
    [tx.tenantId, productId],
  );
}

/** The largest code point: `p ≤ s < p + MAX` holds exactly for the strings s that start with p (byte-wise). */
const AFTER_EVERY_SUFFIX = '\u{10FFFF}';

/** The words of a search query as the dictionary keeps them (lower case, letters and digits, two or more). */
export const searchTerms = (query: string): string[] =>
  [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}]+/u))].filter((term) => term.length >= 2).slice(0, 8);

/** Parameters of SEARCH_SQL for a query. */
export function searchParameters(query: string, limit: number, offset: number): unknown[] {
  const terms = searchTerms(query);
  const sku = query.toUpperCase();
  return [terms, terms.map((t) => t + AFTER_EVERY_SUFFIX), limit, offset, query, query + AFTER_EVERY_SUFFIX, sku, sku + AFTER_EVERY_SUFFIX];
}

/**
 * Ranked search over names (tolerating typos and cut-short words), SKU prefixes (any case) and
 * barcode prefixes. Every row is reached by equality or a byte-wise range (`~>=~`, `~<~`): those
 * operators are leakproof, so their indexes stay usable under row-level security (LIKE and
 * pg_trgm's `%` are not, and would scan every row). Similarity is pg_trgm's: shared trigrams over
 * the union of both words' trigrams.
 *
 * $1 terms, $2 their prefix upper bounds, $3 limit (+1 to see a next page), $4 offset,
 * $5/$6 the query and its upper bound (barcodes), $7/$8 the upper-case query and its bound (SKUs).
 */
/** The most hits a SKU or barcode prefix brings into the ranking (type more to narrow it). */
export const PREFIX_HITS = 1000;

export const SEARCH_SQL = `
with terms as (
  select t.term, t.upper_bound, t.ord from unnest($1::text[], $2::text[]) with ordinality as t(term, upper_bound, ord)
),
term_trigrams as (
  select terms.ord, g.trigram, cardinality(show_trgm(terms.term)) as n from terms, unnest(show_trgm(terms.term)) as g(trigram)
),
shared_trigrams as (
  select tt.ord, st.word, count(*) as shared, max(tt.n) as n
    from term_trigrams tt join inventory.search_word_trigrams st on st.trigram = tt.trigram
   group by tt.ord, st.word
),
-- A word's own trigrams are counted here, once per word that shares any: joining the dictionary
-- for its stored count let the planner scan the whole dictionary (100,000 words: 50 ms).
similar_words as (
  select ord, word, shared::float8 / (n + cardinality(show_trgm(word)) - shared) as closeness from shared_trigrams
),
expansions as (
  select ord, word, closeness from similar_words where closeness >= 0.3
  union all
  select terms.ord, w.word, 0.95 from terms join inventory.search_words w on w.word ~>=~ terms.term and w.word ~<~ terms.upper_bound
),
nearest as (
  select ord, word, closeness from (
    select ord, word, max(closeness) as closeness, row_number() over (partition by ord order by max(closeness) desc, word) as rank
      from expansions group by ord, word) ranked
   where rank <= 5
),
name_hits as (
  select pw.tenant_id, pw.product_id, pw.name, n.ord, max(n.closeness) as closeness
    from nearest n join inventory.product_words pw on pw.word = n.word
   group by pw.tenant_id, pw.product_id, pw.name, n.ord
),
-- Only a page's worth of products: each variant in the top results belongs to a product in the
-- top products by the same order, so ranking stops here instead of after joining every variant.
name_matches as (
  select tenant_id, product_id, avg(closeness) as score from name_hits
   group by tenant_id, product_id, name having count(*) = cardinality($1::text[])
   order by avg(closeness) desc, name
   limit $3::int + $4::int
),
-- A short prefix can match every SKU or barcode ("S" of SKU-…, "4" of EANs): each source gives at
-- most its first PREFIX_HITS in key order, so a keystroke never ranks the whole catalog.
sku_hits as (
  select tenant_id, variant_id, 0.9 as score from inventory.variants where sku_key ~>=~ $7 and sku_key ~<~ $8
   order by tenant_id, sku_key using ~<~ limit ${PREFIX_HITS}
),
barcode_hits as (
  select tenant_id, variant_id, case when code = $5 then 1.0 else 0.8 end as score from inventory.barcodes where code ~>=~ $5 and code ~<~ $6
   order by tenant_id, code using ~<~ limit ${PREFIX_HITS}
),
candidates as materialized (
  select v.tenant_id, v.variant_id, m.score from name_matches m join inventory.variants v on v.tenant_id = m.tenant_id and v.product_id = m.product_id
  union all
  select tenant_id, variant_id, score from sku_hits
  union all
  select tenant_id, variant_id, score from barcode_hits
)
select v.variant_id, v.product_id, p.name, v.sku, v.options, max(c.score)::float8 as score
  from candidates c
  join inventory.variants v on v.tenant_id = c.tenant_id and v.variant_id = c.variant_id
  join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
 where p.status = 'active' and v.status = 'active'
 group by v.variant_id, v.product_id, p.name, v.sku, v.options
 order by score desc, p.name, v.sku
 limit $3 offset $4`;
