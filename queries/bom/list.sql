-- list_bom_items: how many BOM lines match, and the ids of the requested page. $1 assembly
-- (NULL: any): its own lines plus the inherited lines of the templates it is a variant of,
-- as InvenTree's BOM list shows them; $2 sub-part (NULL: any); $3 limit, $4 offset.
-- Ordered by assembly, then sub-part name.
WITH target AS (
    SELECT id, tree_id, lft, rght FROM part_part WHERE id = $1
), assemblies AS (
    -- The assembly (all its lines) and the templates above it (their inherited lines).
    SELECT id, true AS own FROM target
    UNION ALL
    SELECT a.id, false
    FROM part_part a JOIN target ON a.tree_id = target.tree_id
    WHERE a.lft < target.lft AND a.rght > target.rght
), matching AS (
    SELECT b.id, b.part_id, sp.name
    FROM assemblies x
    JOIN part_bomitem b ON b.part_id = x.id AND (x.own OR b.inherited)
    JOIN part_part sp ON sp.id = b.sub_part_id
    WHERE $2::int IS NULL OR b.sub_part_id = $2
    UNION ALL
    SELECT b.id, b.part_id, sp.name
    FROM part_bomitem b
    JOIN part_part sp ON sp.id = b.sub_part_id
    WHERE $1::int IS NULL AND ($2::int IS NULL OR b.sub_part_id = $2)
)
SELECT (SELECT count(*) FROM matching) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY part_id, name, id LIMIT $3 OFFSET $4) AS "ids!"
