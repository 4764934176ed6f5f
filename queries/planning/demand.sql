-- shortages: what the open work asks for, one row per source.
-- * build: each line of an active build (status 10/20/25) still to be covered: its
--   quantity less what was consumed and what is allocated (build_builditem), at least 0;
--   the part is the line's BOM sub-part.
-- * sales_order: each line of an open sales order (10/15/25) still to be covered: its
--   quantity less what was shipped and what is allocated on shipments not yet shipped.
-- * minimum_stock: every active part with a minimum stock above 0; the minimum.
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
WHERE p.active AND p.minimum_stock > 0
ORDER BY 1, 3, 4
