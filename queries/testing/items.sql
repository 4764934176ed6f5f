-- A page of the stock items of the parts $1 (a part and its variants, resolved first), by
-- id, counted up to $4.
WITH matches AS (
    SELECT s.id FROM stock_stockitem s WHERE s.part_id = ANY($1::int[])
)
SELECT
    (SELECT count(*) FROM (SELECT 1 FROM matches LIMIT $4) counted) AS "count!",
    COALESCE(
        (SELECT array_agg(id ORDER BY id) FROM (
            SELECT id FROM matches ORDER BY id LIMIT $2 OFFSET $3
        ) page),
        '{}'
    ) AS "ids!"
