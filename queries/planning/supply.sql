-- shortages: what covers the demand for the parts $1, and how each can be got.
-- * available: in stock (quantity > 0, not sold, installed, consumed or in production,
--   status 10/50/55/85) less allocations to open sales orders (10/15/25, not on a shipped
--   shipment) and to active builds (10/20/25), at least 0; the part's own stock only.
-- * on_order: InvenTree's "ordering": open purchase order lines (10/20/25) not fully
--   received, in part units (x pack_quantity_native).
-- * in_production: InvenTree's scheduled_to_build: quantity - completed of the part's
--   active builds.
-- * has_bom: the part has BOM lines (own or inherited from a template), so it can be built.
SELECT p.id AS "id!", p.name AS "name!", p."IPN" AS ipn, p.units, p.purchaseable,
       p.virtual, p.active,
       EXISTS (SELECT 1 FROM part_bomitem c WHERE c.part_id = p.id)
           OR EXISTS (SELECT 1 FROM part_part t
                      JOIN part_bomitem c ON c.part_id = t.id AND c.inherited
                      WHERE t.tree_id = p.tree_id AND t.lft < p.lft AND t.rght > p.rght)
           AS "has_bom!",
       GREATEST(own.stock - so.allocated - bo.allocated, 0)::float8 AS "available!",
       po.ordering::float8 AS "on_order!",
       builds.scheduled::float8 AS "in_production!"
FROM unnest($1::int[]) AS want(id)
JOIN part_part p ON p.id = want.id
CROSS JOIN LATERAL (
    SELECT COALESCE(sum(si.quantity), 0) AS stock
    FROM stock_stockitem si
    WHERE si.part_id = p.id AND si.quantity > 0 AND si.sales_order_id IS NULL
      AND si.belongs_to_id IS NULL AND si.customer_id IS NULL
      AND si.consumed_by_id IS NULL AND NOT si.is_building
      AND si.status IN (10, 50, 55, 85)
) own
CROSS JOIN LATERAL (
    SELECT COALESCE(sum(a.quantity), 0) AS allocated
    FROM stock_stockitem si
    JOIN order_salesorderallocation a ON a.item_id = si.id
    JOIN order_salesorderlineitem li ON li.id = a.line_id
    JOIN order_salesorder o ON o.id = li.order_id
    LEFT JOIN order_salesordershipment sh ON sh.id = a.shipment_id
    WHERE si.part_id = p.id AND o.status IN (10, 15, 25) AND sh.shipment_date IS NULL
) so
CROSS JOIN LATERAL (
    SELECT COALESCE(sum(bi.quantity), 0) AS allocated
    FROM stock_stockitem si
    JOIN build_builditem bi ON bi.stock_item_id = si.id
    JOIN build_buildline bl ON bl.id = bi.build_line_id
    JOIN build_build b ON b.id = bl.build_id
    WHERE si.part_id = p.id AND b.status IN (10, 20, 25)
) bo
CROSS JOIN LATERAL (
    SELECT GREATEST(COALESCE(sum(li.quantity * sp.pack_quantity_native), 0)
                  - COALESCE(sum(li.received * sp.pack_quantity_native), 0), 0) AS ordering
    FROM order_purchaseorderlineitem li
    JOIN part_supplierpart sp ON sp.id = li.part_id
    JOIN order_purchaseorder o ON o.id = li.order_id
    WHERE sp.part_id = p.id AND o.status IN (10, 20, 25) AND li.quantity > li.received
) po
CROSS JOIN LATERAL (
    SELECT COALESCE(sum(GREATEST(b.quantity - b.completed, 0)), 0) AS scheduled
    FROM build_build b
    WHERE b.part_id = p.id AND b.status IN (10, 20, 25)
) builds
