-- A page of the stock items of part $1 and its variants, by id, counted up to $4.
WITH RECURSIVE parts(id, depth) AS (
    SELECT p.id, 0 FROM part_part p WHERE p.id = $1
    UNION ALL
    SELECT p.id, parts.depth + 1
    FROM part_part p
    JOIN parts ON p.variant_of_id = parts.id
    WHERE parts.depth < 100
),
matches AS (
    SELECT s.id FROM stock_stockitem s WHERE s.part_id IN (SELECT id FROM parts)
)
SELECT
    EXISTS (SELECT 1 FROM parts) AS "part_exists!",
    (SELECT count(*) FROM (SELECT 1 FROM matches LIMIT $4) counted) AS "count!",
    COALESCE(
        (SELECT array_agg(id ORDER BY id) FROM (
            SELECT id FROM matches ORDER BY id LIMIT $2 OFFSET $3
        ) page),
        '{}'
    ) AS "ids!"
