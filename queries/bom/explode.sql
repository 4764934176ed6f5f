-- The BOM of $1 exploded for $2 units, $3 levels deep (0: all the way down). A line's
-- requirement is InvenTree's get_required_quantity for the quantity its assembly needs
-- (quantity x N, attrition, setup quantity, rounding multiple). Each assembly's lines are
-- its own plus the inherited lines of its templates. A sub-part already on the path marks a
-- cycle and is not followed; rows come depth first, siblings by name. under_optional: the
-- line or one above it on its path is optional. in_stock is the sub-part's own stock by
-- InvenTree's in-stock rules, variant_stock that of its variants.
-- An assembly's own lines and its templates' inherited lines are looked up separately, each
-- through an index, rather than by one join condition with OR (a scan of every BOM line).
WITH RECURSIVE lines AS (
    -- The assembly itself, at depth 0 (not returned): the walk below explodes it like any
    -- sub-assembly, for $2 units.
    SELECT NULL::int AS bom_item, NULL::int AS assembly, target.id AS sub_part, 0 AS depth,
           ARRAY[target.id] AS ids, '{}'::text[] AS names, '{}'::int[] AS lines,
           NULL::numeric AS quantity, NULL::bool AS optional, NULL::bool AS consumable,
           NULL::bool AS allow_variants, $2::float8::numeric AS required, false AS cycle,
           false AS under_optional
    FROM part_part target
    WHERE target.id = $1
    UNION ALL
    SELECT b.id, b.part_id, b.sub_part_id, l.depth + 1, l.ids || b.sub_part_id,
           l.names || s.name::text, l.lines || b.id, b.quantity::numeric, b.optional,
           b.consumable, b.allow_variants,
           r.required,
           b.sub_part_id = ANY(l.ids),
           l.under_optional OR b.optional
    FROM lines l
    JOIN part_part target ON target.id = l.sub_part
    CROSS JOIN LATERAL (
        SELECT own.* FROM part_bomitem own WHERE own.part_id = target.id
        UNION ALL
        SELECT inherited.*
        FROM part_part a
        JOIN part_bomitem inherited ON inherited.part_id = a.id AND inherited.inherited
        WHERE a.tree_id = target.tree_id AND a.lft < target.lft AND a.rght > target.rght
    ) b
    JOIN part_part s ON s.id = b.sub_part_id
    CROSS JOIN LATERAL (
        SELECT CASE WHEN b.rounding_multiple > 0
                    THEN ceil(raw / b.rounding_multiple) * b.rounding_multiple
                    ELSE raw END AS required
        FROM (SELECT b.quantity * l.required
                     * CASE WHEN b.attrition > 0 THEN 1 + b.attrition / 100 ELSE 1 END
                     + GREATEST(b.setup_quantity, 0) AS raw) q
    ) r
    WHERE NOT l.cycle AND ($3::int = 0 OR l.depth < $3) AND l.depth < 100
)
SELECT l.bom_item AS "bom_item!",
       l.assembly AS "assembly!",
       l.sub_part AS "sub_part!",
       s.name AS sub_part_name,
       l.depth AS "depth!",
       array_to_string(l.names, ' > ') AS "path!",
       l.quantity::float8 AS "quantity!",
       l.required::float8 AS "required!",
       l.optional AS "optional!",
       l.under_optional AS "under_optional!",
       l.consumable AS "consumable!",
       l.allow_variants AS "allow_variants!",
       l.cycle AS "cycle!",
       EXISTS (SELECT 1 FROM lines c
               WHERE c.depth = l.depth + 1 AND c.lines[1:l.depth] = l.lines) AS "has_children!",
       s.virtual AS is_virtual,
       COALESCE(sum(si.quantity) FILTER (WHERE si.part_id = s.id), 0)::float8 AS "in_stock!",
       COALESCE(sum(si.quantity) FILTER (WHERE si.part_id <> s.id), 0)::float8
           AS "variant_stock!"
FROM lines l
JOIN part_part s ON s.id = l.sub_part
LEFT JOIN part_part v ON v.tree_id = s.tree_id AND v.lft >= s.lft AND v.rght <= s.rght
LEFT JOIN stock_stockitem si ON si.part_id = v.id AND si.quantity > 0
     AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL AND si.customer_id IS NULL
     AND si.consumed_by_id IS NULL AND NOT si.is_building AND si.status IN (10, 50, 55, 85)
WHERE l.depth > 0
GROUP BY l.bom_item, l.assembly, l.sub_part, s.id, l.depth, l.names, l.lines, l.quantity,
         l.required, l.optional, l.under_optional, l.consumable, l.allow_variants, l.cycle
ORDER BY l.names, l.lines
