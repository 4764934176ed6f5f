-- shortages: what the open work asks for, one row per source.
-- * build: each line of an active build (status 10/20/25) still to be covered: its
--   quantity less what was consumed and what is allocated (build_builditem), at least 0;
--   the part is the line's BOM sub-part.
-- * sales_order: each line of an open sales order (10/15/25) still to be covered: its
--   quantity less what was shipped and what is allocated on shipments not yet shipped.
-- * minimum_stock: every active part with a minimum stock above 0 that its stock (in stock
--   less allocations to open sales orders and active builds), open purchase orders and
--   active builds do not cover; the minimum. Each figure is summed in one pass over its
--   table rather than looked up part by part: most parts can carry a minimum. (A part with
--   other demand gets its minimum counted by the caller as well.)
SELECT 'build' AS "kind!", b.id AS "id!", b.reference AS "reference!",
       bom.sub_part_id AS "part!",
       (bl.quantity - bl.consumed - COALESCE(allocated.quantity, 0))::float8 AS "quantity!"
FROM build_build b
JOIN build_buildline bl ON bl.build_id = b.id
JOIN part_bomitem bom ON bom.id = bl.bom_item_id
LEFT JOIN LATERAL (
    SELECT sum(bi.quantity) AS quantity FROM build_builditem bi WHERE bi.build_line_id = bl.id
) allocated ON true
WHERE b.status IN (10, 20, 25)
  AND bl.quantity - bl.consumed - COALESCE(allocated.quantity, 0) > 0
UNION ALL
SELECT 'sales_order', o.id, o.reference, l.part_id,
       (l.quantity - l.shipped - COALESCE(allocated.quantity, 0))::float8
FROM order_salesorder o
JOIN order_salesorderlineitem l ON l.order_id = o.id
LEFT JOIN LATERAL (
    SELECT sum(a.quantity) AS quantity
    FROM order_salesorderallocation a
    LEFT JOIN order_salesordershipment sh ON sh.id = a.shipment_id
    WHERE a.line_id = l.id AND sh.shipment_date IS NULL
) allocated ON true
WHERE o.status IN (10, 15, 25) AND l.part_id IS NOT NULL
  AND l.quantity - l.shipped - COALESCE(allocated.quantity, 0) > 0
UNION ALL
SELECT 'minimum_stock', p.id, p.name, p.id, p.minimum_stock::float8
FROM part_part p
LEFT JOIN (
    -- In float8: summing numeric over a million items takes a third longer.
    SELECT si.part_id, sum(si.quantity::float8) AS quantity
    FROM stock_stockitem si
    WHERE si.quantity > 0 AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
      AND si.customer_id IS NULL AND si.consumed_by_id IS NULL AND NOT si.is_building
      AND si.status IN (10, 50, 55, 85)
    GROUP BY si.part_id
) stock ON stock.part_id = p.id
LEFT JOIN (
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
    GROUP BY part_id
) allocated ON allocated.part_id = p.id
LEFT JOIN (
    SELECT sp.part_id, sum((li.quantity - li.received) * sp.pack_quantity_native) AS quantity
    FROM order_purchaseorderlineitem li
    JOIN part_supplierpart sp ON sp.id = li.part_id
    JOIN order_purchaseorder o ON o.id = li.order_id
    WHERE o.status IN (10, 20, 25) AND li.quantity > li.received
    GROUP BY sp.part_id
) ordered ON ordered.part_id = p.id
LEFT JOIN (
    SELECT b.part_id, sum(GREATEST(b.quantity - b.completed, 0)) AS quantity
    FROM build_build b
    WHERE b.status IN (10, 20, 25)
    GROUP BY b.part_id
) building ON building.part_id = p.id
WHERE p.active AND p.minimum_stock > 0
  AND GREATEST(COALESCE(stock.quantity, 0) - COALESCE(allocated.quantity, 0), 0)
      + COALESCE(ordered.quantity, 0) + COALESCE(building.quantity, 0) < p.minimum_stock
ORDER BY 1, 3, 4
