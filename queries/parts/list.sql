-- list_parts without a category or tags: how many parts match (counted up to $4), and the ids
-- of the requested page, read in primary-key order so a page stops early.
-- $1 active (NULL: any), $2 limit, $3 offset.
WITH matching AS NOT MATERIALIZED (
    SELECT p.id FROM part_part p WHERE $1::bool IS NULL OR p.active = $1
)
SELECT (SELECT count(*) FROM (SELECT FROM matching LIMIT $4) counted) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY id LIMIT $2 OFFSET $3) AS "ids!"
