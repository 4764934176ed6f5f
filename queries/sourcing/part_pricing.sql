-- get_part_pricing: the part, InvenTree's default currency, the exchange rates that convert
-- into it, and InvenTree's cached pricing (part_partpricing; NULLs when the part has no row).
-- Default currency: the INVENTREE_DEFAULT_CURRENCY setting, USD when unset or not a currency
-- code (InvenTree checks it against its currency list; here only its shape is checked).
-- Rates, as django-money converts: exchange_rate rows of the InvenTreeExchange backend give
-- units of a currency per unit of the backend's base currency (the base itself is 1), so
-- one unit of c is value(default) / value(c) units of the default currency. A currency
-- without a row cannot be converted.
WITH setting AS (
    SELECT CASE WHEN s.value ~ '^[A-Z]{3}$' THEN s.value ELSE 'USD' END AS code
    FROM (SELECT (SELECT value FROM common_inventreesetting
                  WHERE key = 'INVENTREE_DEFAULT_CURRENCY') AS value) s
), rates AS (
    SELECT DISTINCT ON (currency) currency, value
    FROM (SELECT b.base_currency AS currency, 1::numeric AS value, 0 AS pref
          FROM exchange_exchangebackend b WHERE b.name = 'InvenTreeExchange'
          UNION ALL
          SELECT r.currency, r.value, 1
          FROM exchange_rate r WHERE r.backend_id = 'InvenTreeExchange' AND r.value > 0) all_rates
    ORDER BY currency, pref
), to_default AS (
    SELECT r.currency, (d.value / r.value)::float8 AS factor
    FROM rates r
    JOIN rates d ON d.currency = (SELECT code FROM setting)
)
SELECT p.id,
       p.name,
       p.units,
       (SELECT code FROM setting) AS "default_currency!",
       ARRAY(SELECT currency::text FROM to_default ORDER BY currency) AS "rate_currencies!",
       ARRAY(SELECT factor FROM to_default ORDER BY currency) AS "rate_factors!",
       (SELECT last_update FROM exchange_exchangebackend
        WHERE name = 'InvenTreeExchange') AS "rates_updated?",
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
