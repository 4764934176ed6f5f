-- How many locations have the given parent (NULL: all locations), and the ids of the requested
-- page, by name. $1 parent, $2 limit, $3 offset.
WITH matching AS (
    SELECT id, name FROM stock_stocklocation WHERE $1::int IS NULL OR parent_id = $1
)
SELECT (SELECT count(*) FROM matching) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY name, id LIMIT $2 OFFSET $3) AS "ids!"
