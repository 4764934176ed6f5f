-- The locations tree below $1 (NULL: every root), depth first with siblings by name.
-- The path guard ends a walk that meets a cycle in bad data.
WITH RECURSIVE tree AS (
    SELECT n.id, n.name, n.description, n.parent_id, ARRAY[n.id] AS ids,
           ARRAY[n.name::text] AS names
    FROM stock_stocklocation n
    WHERE ($1::int IS NULL AND n.parent_id IS NULL) OR n.id = $1
    UNION ALL
    SELECT n.id, n.name, n.description, n.parent_id, tree.ids || n.id, tree.names || n.name::text
    FROM stock_stocklocation n
    JOIN tree ON n.parent_id = tree.id
    WHERE n.id <> ALL(tree.ids)
)
SELECT id AS "id!", name AS "name!", description AS "description!",
       CASE WHEN cardinality(ids) = 1 THEN NULL ELSE parent_id END AS parent
FROM tree
ORDER BY names, ids
