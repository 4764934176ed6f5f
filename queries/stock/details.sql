-- Stock items by id, in the order given. in_stock is InvenTree's filter; expired and stale
-- are InvenTree's (in stock, expiry before today, or before today + STOCK_STALE_DAYS);
-- allocated sums every sales order and build allocation of the item, as InvenTree's API does.
WITH want AS (
    SELECT id, ord FROM unnest($1::int[]) WITH ORDINALITY AS w(id, ord)
), settings AS (
    SELECT COALESCE((SELECT CASE WHEN value ~ '^[0-9]{1,6}$' THEN value::int END
                     FROM common_inventreesetting WHERE key = 'STOCK_STALE_DAYS'), 0) AS stale_days
)
SELECT si.id,
       si.part_id AS part,
       p.name AS part_name,
       p."IPN" AS "part_ipn?",
       si.quantity::float8 AS "quantity!",
       si.location_id AS location,
       l.name AS "location_name?",
       l.pathstring AS "location_path?",
       si.serial,
       si.batch,
       si.status,
       custom.label AS "custom_status?",
       (si.quantity > 0 AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
        AND si.customer_id IS NULL AND si.consumed_by_id IS NULL AND NOT si.is_building
        AND si.status IN (10, 50, 55, 85)) AS "in_stock!",
       si.is_building,
       si.expiry_date,
       COALESCE(si.quantity > 0 AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
        AND si.customer_id IS NULL AND si.consumed_by_id IS NULL AND NOT si.is_building
        AND si.status IN (10, 50, 55, 85) AND si.expiry_date < CURRENT_DATE, false) AS "expired!",
       COALESCE(si.quantity > 0 AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
        AND si.customer_id IS NULL AND si.consumed_by_id IS NULL AND NOT si.is_building
        AND si.status IN (10, 50, 55, 85)
        AND si.expiry_date < CURRENT_DATE + settings.stale_days, false) AS "stale!",
       COALESCE(so.allocated, 0) + COALESCE(bo.allocated, 0) AS "allocated!",
       si.customer_id AS customer,
       cu.name AS "customer_name?",
       si.sales_order_id AS sales_order,
       si.belongs_to_id AS installed_in,
       si.consumed_by_id AS consumed_by,
       si.build_id AS build,
       si.purchase_order_id AS purchase_order,
       si.supplier_part_id AS supplier_part,
       sp."SKU" AS "supplier_sku?",
       si.packaging,
       si.purchase_price::float8 AS purchase_price,
       si.purchase_price_currency,
       si.notes,
       si.updated,
       (SELECT count(*) FROM stock_stockitemtracking t WHERE t.item_id = si.id) AS "tracking_count!"
FROM want
JOIN stock_stockitem si ON si.id = want.id
JOIN part_part p ON p.id = si.part_id
CROSS JOIN settings
LEFT JOIN stock_stocklocation l ON l.id = si.location_id
LEFT JOIN company_company cu ON cu.id = si.customer_id
LEFT JOIN part_supplierpart sp ON sp.id = si.supplier_part_id
LEFT JOIN common_inventreecustomuserstatemodel custom
       ON custom.key = si.status_custom_key AND custom.logical_key = si.status
      AND custom.reference_status = 'StockStatus'
LEFT JOIN LATERAL (
    SELECT sum(a.quantity)::float8 AS allocated FROM order_salesorderallocation a WHERE a.item_id = si.id
) so ON true
LEFT JOIN LATERAL (
    SELECT sum(b.quantity)::float8 AS allocated FROM build_builditem b WHERE b.stock_item_id = si.id
) bo ON true
ORDER BY want.ord
