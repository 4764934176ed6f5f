-- get_part_pricing: the part and InvenTree's cached pricing (part_partpricing; NULLs when the
-- part has no row). The default currency and exchange rates come from exchange_rates.sql.
SELECT p.id,
       p.name,
       p.units,
       pp.id IS NOT NULL AS "has_pricing!",
       pp.currency AS "currency?",
       pp.updated AS "updated?",
       pp.scheduled_for_update AS "scheduled_for_update?",
       -- Its min/max pairs, in the order of CachedPricing's ranges: bom_cost, purchase_cost,
       -- internal_cost, supplier_price, variant_cost, sale_price, sale_history, override,
       -- overall.
       ARRAY[pp.bom_cost_min, pp.purchase_cost_min, pp.internal_cost_min, pp.supplier_price_min,
             pp.variant_cost_min, pp.sale_price_min, pp.sale_history_min, pp.override_min,
             pp.overall_min]::float8[] AS "mins!: Vec<Option<f64>>",
       ARRAY[pp.bom_cost_min_currency, pp.purchase_cost_min_currency,
             pp.internal_cost_min_currency, pp.supplier_price_min_currency,
             pp.variant_cost_min_currency, pp.sale_price_min_currency,
             pp.sale_history_min_currency, pp.override_min_currency,
             pp.overall_min_currency]::text[] AS "min_currencies!: Vec<Option<String>>",
       ARRAY[pp.bom_cost_max, pp.purchase_cost_max, pp.internal_cost_max, pp.supplier_price_max,
             pp.variant_cost_max, pp.sale_price_max, pp.sale_history_max, pp.override_max,
             pp.overall_max]::float8[] AS "maxs!: Vec<Option<f64>>",
       ARRAY[pp.bom_cost_max_currency, pp.purchase_cost_max_currency,
             pp.internal_cost_max_currency, pp.supplier_price_max_currency,
             pp.variant_cost_max_currency, pp.sale_price_max_currency,
             pp.sale_history_max_currency, pp.override_max_currency,
             pp.overall_max_currency]::text[] AS "max_currencies!: Vec<Option<String>>"
FROM part_part p
LEFT JOIN part_partpricing pp ON pp.part_id = p.id
WHERE p.id = $1
