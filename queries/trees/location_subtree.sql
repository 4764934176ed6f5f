-- A location's id and, with $2, the ids of every location below it; empty when $1 does not
-- exist. Resolved before a list query, so that the list is planned with the ids themselves.
WITH RECURSIVE subtree AS (
    SELECT id FROM stock_stocklocation WHERE id = $1
    UNION
    SELECT l.id FROM stock_stocklocation l JOIN subtree ON l.parent_id = subtree.id
    WHERE $2::bool
)
SELECT COALESCE(array_agg(id ORDER BY id), '{}') AS "ids!" FROM subtree
