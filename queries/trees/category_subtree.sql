-- A category's id and, with $2, the ids of every category below it; empty when $1 does not
-- exist. Resolved before a list query, so that the list is planned with the ids themselves.
WITH RECURSIVE subtree AS (
    SELECT id FROM part_partcategory WHERE id = $1
    UNION
    SELECT c.id FROM part_partcategory c JOIN subtree ON c.parent_id = subtree.id
    WHERE $2::bool
)
SELECT COALESCE(array_agg(id ORDER BY id), '{}') AS "ids!" FROM subtree
