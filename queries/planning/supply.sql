-- shortages: what covers the demand for the parts $1, and how each can be got.
-- * available: in stock (quantity > 0, not sold, installed, consumed or in production,
--   status 10/50/55/85) less allocations to open sales orders (10/15/25, not on a shipped
--   shipment) and to active builds (10/20/25), at least 0; the part's own stock only.
-- * on_order: InvenTree's "ordering": open purchase order lines (10/20/25) not fully
--   received, in part units (x pack_quantity_native).
-- * in_production: InvenTree's scheduled_to_build: quantity - completed of the part's
--   active builds.
-- * has_bom: the part has BOM lines (own or inherited from a template), so it can be built.
-- Each figure is summed per part in one pass over the rows of the parts asked (shortages
-- can ask for thousands), not looked up part by part.
WITH want AS (
    SELECT DISTINCT id FROM unnest($1::int[]) AS w(id)
), stock AS (
    SELECT si.part_id, sum(si.quantity) AS quantity
    FROM stock_stockitem si
    WHERE si.part_id IN (SELECT id FROM want)
      AND si.quantity > 0 AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
      AND si.customer_id IS NULL AND si.consumed_by_id IS NULL AND NOT si.is_building
      AND si.status IN (10, 50, 55, 85)
    GROUP BY si.part_id
), allocated AS (
    SELECT part_id, sum(quantity) AS quantity
    FROM (SELECT si.part_id, a.quantity
          FROM order_salesorderallocation a
          JOIN stock_stockitem si ON si.id = a.item_id
          JOIN order_salesorderlineitem li ON li.id = a.line_id
          JOIN order_salesorder o ON o.id = li.order_id
          LEFT JOIN order_salesordershipment sh ON sh.id = a.shipment_id
          WHERE o.status IN (10, 15, 25) AND sh.shipment_date IS NULL
          UNION ALL
          SELECT si.part_id, bi.quantity
          FROM build_builditem bi
          JOIN stock_stockitem si ON si.id = bi.stock_item_id
          JOIN build_buildline bl ON bl.id = bi.build_line_id
          JOIN build_build b ON b.id = bl.build_id
          WHERE b.status IN (10, 20, 25)) allocations
    WHERE part_id IN (SELECT id FROM want)
    GROUP BY part_id
), ordered AS (
    SELECT sp.part_id,
           GREATEST(sum(li.quantity * sp.pack_quantity_native)
                    - sum(li.received * sp.pack_quantity_native), 0) AS quantity
    FROM order_purchaseorderlineitem li
    JOIN part_supplierpart sp ON sp.id = li.part_id
    JOIN order_purchaseorder o ON o.id = li.order_id
    WHERE sp.part_id IN (SELECT id FROM want)
      AND o.status IN (10, 20, 25) AND li.quantity > li.received
    GROUP BY sp.part_id
), building AS (
    SELECT b.part_id, sum(GREATEST(b.quantity - b.completed, 0)) AS quantity
    FROM build_build b
    WHERE b.part_id IN (SELECT id FROM want) AND b.status IN (10, 20, 25)
    GROUP BY b.part_id
)
SELECT p.id AS "id!", p.name AS "name!", p."IPN" AS ipn, p.units, p.purchaseable,
       p.active, p.minimum_stock::float8 AS "minimum_stock!",
       EXISTS (SELECT 1 FROM part_bomitem c WHERE c.part_id = p.id)
           OR EXISTS (SELECT 1 FROM part_part t
                      JOIN part_bomitem c ON c.part_id = t.id AND c.inherited
                      WHERE t.tree_id = p.tree_id AND t.lft < p.lft AND t.rght > p.rght)
           AS "has_bom!",
       GREATEST(COALESCE(stock.quantity, 0) - COALESCE(allocated.quantity, 0), 0)::float8
           AS "available!",
       COALESCE(ordered.quantity, 0)::float8 AS "on_order!",
       COALESCE(building.quantity, 0)::float8 AS "in_production!"
FROM want
JOIN part_part p ON p.id = want.id
LEFT JOIN stock ON stock.part_id = p.id
LEFT JOIN allocated ON allocated.part_id = p.id
LEFT JOIN ordered ON ordered.part_id = p.id
LEFT JOIN building ON building.part_id = p.id
