-- Under row-level security PostgreSQL lets only leakproof operators use an index: LIKE, ILIKE and
-- pg_trgm's % are not leakproof, so every search over an RLS table with them scanned the whole
-- table. Search now reaches every row through equality and byte-wise range comparisons (=, ~>=~,
-- ~<~), which are leakproof: a trigram index of the name dictionary kept as rows, the words of
-- each product name, and an upper-case SKU column for case-insensitive prefixes.

alter table inventory.search_words add column trigrams int;
update inventory.search_words set trigrams = coalesce(cardinality(show_trgm(word)), 0);
alter table inventory.search_words alter column trigrams set not null;

create table inventory.search_word_trigrams (
  tenant_id uuid not null,
  trigram text not null,
  word text not null,
  primary key (tenant_id, trigram, word)
);
insert into inventory.search_word_trigrams (tenant_id, trigram, word)
select w.tenant_id, g.trigram, w.word from inventory.search_words w, unnest(show_trgm(w.word)) as g(trigram)
on conflict do nothing;

-- The words of each active product's name, with the name itself to rank by without a join.
create table inventory.product_words (
  tenant_id uuid not null,
  word text not null,
  product_id uuid not null,
  name text not null,
  primary key (tenant_id, word, product_id),
  foreign key (tenant_id, product_id) references inventory.products (tenant_id, product_id)
);
create index product_words_by_product on inventory.product_words (tenant_id, product_id);
insert into inventory.product_words (tenant_id, word, product_id, name)
select distinct p.tenant_id, w.word, p.product_id, p.name
  from inventory.products p, regexp_split_to_table(lower(p.name), '[^[:alnum:]]+') as w(word)
 where length(w.word) >= 2 and p.status = 'active'
on conflict do nothing;

alter table inventory.variants add column sku_key text generated always as (upper(sku)) stored;
create index variants_sku_key on inventory.variants (tenant_id, sku_key text_pattern_ops);
create index barcodes_code_pattern on inventory.barcodes (tenant_id, code text_pattern_ops);
drop index inventory.variants_sku_upper_prefix;
drop index inventory.barcodes_code_prefix;
drop index inventory.search_words_trgm;
drop index inventory.search_words_prefix;
create index search_words_prefix on inventory.search_words (tenant_id, word text_pattern_ops);
drop index inventory.products_name_trgm;
drop index inventory.variants_sku_trgm;
