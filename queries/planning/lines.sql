-- The BOM lines of the assemblies $1, with what InvenTree's can-build adds to the
-- component's own available stock (part/filters.py annotate_bom_item_can_build; the own
-- figure comes from supply.sql) and the alternatives a build may use instead. An
-- assembly's lines are its own plus the inherited lines of its template ancestors
-- (Part.get_bom_item_filter). "In stock": quantity > 0, not sold, installed, consumed or in
-- production, status 10/50/55/85.
-- * variant_available: InvenTree's available_variant_stock: in-stock quantity of the
--   sub-part's strict variants less every sales order and build allocation of those items
--   (no status filter), at least 0. InvenTree adds it whatever allow_variants says.
-- * substitute_available: InvenTree's available_substitute_stock: the substitutes' in-stock
--   quantity less their allocations to open sales orders (10/15/25, not on a shipped
--   shipment) and active builds (10/20/25), summed, at least 0.
-- * alternatives: what BomItem.get_valid_parts_for_allocation allows besides the sub-part:
--   its strict variants when allow_variants, the substitutes, and their strict variants when
--   allow_variants; only parts as trackable as the sub-part. Ordered by id.
-- has_bom: the sub-part has BOM lines (own or inherited), so it can be built.
WITH RECURSIVE want AS (
    SELECT DISTINCT id FROM unnest($1::int[]) AS w(id)
), lines AS MATERIALIZED (
    SELECT a.id AS assembly, b.*
    FROM want w
    JOIN part_part a ON a.id = w.id
    CROSS JOIN LATERAL (
        SELECT own.* FROM part_bomitem own WHERE own.part_id = a.id
        UNION ALL
        SELECT inherited.*
        FROM part_part t
        JOIN part_bomitem inherited ON inherited.part_id = t.id AND inherited.inherited
        WHERE t.tree_id = a.tree_id AND t.lft < a.lft AND t.rght > a.rght
    ) b
), alternatives AS MATERIALIZED (
    SELECT DISTINCT l.id AS bom_item, alt.id AS part
    FROM lines l
    JOIN part_part s ON s.id = l.sub_part_id
    CROSS JOIN LATERAL (
        SELECT v.id, v.trackable FROM part_part v
        WHERE l.allow_variants AND v.tree_id = s.tree_id AND v.lft > s.lft AND v.rght < s.rght
        UNION ALL
        SELECT sub.id, sub.trackable
        FROM part_bomitemsubstitute bs JOIN part_part sub ON sub.id = bs.part_id
        WHERE bs.bom_item_id = l.id
        UNION ALL
        SELECT v.id, v.trackable
        FROM part_bomitemsubstitute bs
        JOIN part_part sub ON sub.id = bs.part_id
        JOIN part_part v ON v.tree_id = sub.tree_id AND v.lft > sub.lft AND v.rght < sub.rght
        WHERE l.allow_variants AND bs.bom_item_id = l.id
    ) alt
    WHERE alt.trackable = s.trackable AND alt.id <> s.id
)
SELECT l.assembly AS "assembly!",
       l.sub_part_id AS "sub_part!",
       s.purchaseable AS sub_part_purchaseable,
       l.quantity::float8 AS "quantity!",
       l.setup_quantity::float8 AS "setup_quantity!",
       l.attrition::float8 AS "attrition!",
       l.rounding_multiple::float8 AS "rounding_multiple?",
       l.optional AS "optional!",
       l.consumable AS "consumable!",
       EXISTS (SELECT 1 FROM part_bomitem c WHERE c.part_id = s.id)
           OR EXISTS (SELECT 1 FROM part_part t
                      JOIN part_bomitem c ON c.part_id = t.id AND c.inherited
                      WHERE t.tree_id = s.tree_id AND t.lft < s.lft AND t.rght > s.rght)
           AS "has_bom!",
       variants.available::float8 AS "variant_available!",
       substitutes.available::float8 AS "substitute_available!",
       COALESCE(alts.ids, '{}') AS "alternative_ids!"
FROM lines l
JOIN part_part s ON s.id = l.sub_part_id
CROSS JOIN LATERAL (
    SELECT GREATEST(COALESCE(sum(si.quantity), 0)
                    - COALESCE(sum((SELECT COALESCE(sum(a.quantity), 0)
                                    FROM order_salesorderallocation a
                                    WHERE a.item_id = si.id)), 0)
                    - COALESCE(sum((SELECT COALESCE(sum(bi.quantity), 0)
                                    FROM build_builditem bi
                                    WHERE bi.stock_item_id = si.id)), 0), 0) AS available
    FROM part_part v
    JOIN stock_stockitem si ON si.part_id = v.id
    WHERE v.tree_id = s.tree_id AND v.lft > s.lft AND v.rght < s.rght
      AND si.quantity > 0 AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
      AND si.customer_id IS NULL AND si.consumed_by_id IS NULL
      AND NOT si.is_building AND si.status IN (10, 50, 55, 85)
) variants
CROSS JOIN LATERAL (
    SELECT GREATEST(COALESCE(sum(own.stock - own.allocated), 0), 0) AS available
    FROM part_bomitemsubstitute bs
    CROSS JOIN LATERAL (
        SELECT (SELECT COALESCE(sum(si.quantity), 0)
                FROM stock_stockitem si
                WHERE si.part_id = bs.part_id AND si.quantity > 0
                  AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
                  AND si.customer_id IS NULL AND si.consumed_by_id IS NULL
                  AND NOT si.is_building AND si.status IN (10, 50, 55, 85)) AS stock,
               (SELECT COALESCE(sum(a.quantity), 0)
                FROM stock_stockitem si
                JOIN order_salesorderallocation a ON a.item_id = si.id
                JOIN order_salesorderlineitem li ON li.id = a.line_id
                JOIN order_salesorder o ON o.id = li.order_id
                LEFT JOIN order_salesordershipment sh ON sh.id = a.shipment_id
                WHERE si.part_id = bs.part_id AND o.status IN (10, 15, 25)
                  AND sh.shipment_date IS NULL)
             + (SELECT COALESCE(sum(bi.quantity), 0)
                FROM stock_stockitem si
                JOIN build_builditem bi ON bi.stock_item_id = si.id
                JOIN build_buildline bl ON bl.id = bi.build_line_id
                JOIN build_build b ON b.id = bl.build_id
                WHERE si.part_id = bs.part_id AND b.status IN (10, 20, 25)) AS allocated
    ) own
    WHERE bs.bom_item_id = l.id
) substitutes
LEFT JOIN LATERAL (
    SELECT array_agg(alt.part ORDER BY alt.part) AS ids
    FROM alternatives alt
    WHERE alt.bom_item = l.id
) alts ON true
ORDER BY l.assembly, l.id
