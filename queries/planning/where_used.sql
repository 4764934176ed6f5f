-- where_used: every assembly using part $1, at any level, one row per (assembly, path).
-- A BOM line uses a part when its sub-part is the part, or (allow_variants) a template the
-- part is a variant of, or when the part is one of the line's substitutes (or, allow_variants,
-- a variant of one): the parts InvenTree lets a line take. A line belongs to its assembly and,
-- when inherited, to every variant of that assembly (a part's BOM holds its templates'
-- inherited lines). The walk goes up from the part through the assemblies using it to those
-- nothing uses. An assembly already on the path marks a cycle and is not followed.
-- quantity: the product of the line quantities along the path, the part per one unit of the
-- assembly. usage, optional, consumable: of the line using the part itself (depth 1).
-- top_level: nothing uses the assembly.
WITH RECURSIVE walk AS (
    SELECT p.id AS part, 0 AS depth, ARRAY[p.id] AS ids, ARRAY[p.name::text] AS names,
           '{}'::int[] AS lines, 1::numeric AS quantity, NULL::text AS usage,
           NULL::bool AS optional, NULL::bool AS consumable, false AS cycle
    FROM part_part p
    WHERE p.id = $1
    UNION ALL
    SELECT a.id, w.depth + 1, a.id || w.ids, a.name::text || w.names, b.id || w.lines,
           b.quantity * w.quantity, COALESCE(w.usage, b.usage),
           COALESCE(w.optional, b.optional), COALESCE(w.consumable, b.consumable),
           a.id = ANY(w.ids)
    FROM walk w
    JOIN part_part used ON used.id = w.part
    CROSS JOIN LATERAL (
        -- The lines taking `used`, each once, by its closest kind of use. The part and its
        -- templates (its ancestors in the part tree) are found through the tree_id index.
        SELECT DISTINCT ON (line.id) line.*
        FROM (
            SELECT b.id, b.part_id, b.quantity, b.optional, b.consumable, b.inherited,
                   CASE WHEN t.id = used.id THEN 'direct' ELSE 'variant' END AS usage,
                   CASE WHEN t.id = used.id THEN 1 ELSE 2 END AS rank
            FROM part_part t
            JOIN part_bomitem b ON b.sub_part_id = t.id
            WHERE t.tree_id = used.tree_id AND t.lft <= used.lft AND t.rght >= used.rght
              AND (t.id = used.id OR b.allow_variants)
            UNION ALL
            SELECT b.id, b.part_id, b.quantity, b.optional, b.consumable, b.inherited,
                   'substitute', 3
            FROM part_part t
            JOIN part_bomitemsubstitute s ON s.part_id = t.id
            JOIN part_bomitem b ON b.id = s.bom_item_id
            WHERE t.tree_id = used.tree_id AND t.lft <= used.lft AND t.rght >= used.rght
              AND (t.id = used.id OR b.allow_variants)
        ) line
        ORDER BY line.id, line.rank
    ) b
    CROSS JOIN LATERAL (
        -- The assemblies whose BOM holds the line: its own, and the variants below an
        -- inherited line's template.
        SELECT b.part_id AS id
        UNION ALL
        SELECT v.id
        FROM part_part owner
        JOIN part_part v ON v.tree_id = owner.tree_id AND v.lft > owner.lft AND v.rght < owner.rght
        WHERE owner.id = b.part_id AND b.inherited
    ) holder
    JOIN part_part a ON a.id = holder.id
    WHERE NOT w.cycle AND w.depth < 100
)
SELECT w.part AS "assembly!",
       a.name AS assembly_name,
       a."IPN" AS "assembly_ipn?",
       w.depth AS "depth!",
       array_to_string(w.names, ' > ') AS "path!",
       w.lines AS "bom_items!",
       w.quantity::float8 AS "quantity!",
       w.usage AS "usage!",
       w.optional AS "optional!",
       w.consumable AS "consumable!",
       w.cycle AS "cycle!",
       NOT EXISTS (SELECT 1 FROM walk c
                   WHERE c.depth = w.depth + 1 AND c.ids[2:] = w.ids) AS "top_level!"
FROM walk w
JOIN part_part a ON a.id = w.part
WHERE w.depth > 0
ORDER BY w.depth, a.name, w.names, w.lines
