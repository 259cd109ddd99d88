-- Stock of one variant across locations; prefix matches on barcodes and SKUs (partial scans,
-- typed SKUs, any case).
create index stock_levels_by_variant on inventory.stock_levels (tenant_id, variant_id);
create index barcodes_code_prefix on inventory.barcodes (code text_pattern_ops);
create index variants_sku_upper_prefix on inventory.variants (upper(sku) text_pattern_ops);
