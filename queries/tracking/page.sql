-- A page of tracking entries, newest first: of one stock item ($1), of one part ($2, every
-- item of it), or of everything, since $3. One arm runs; each walks its own index. Matches
-- are counted up to $6.
WITH matches AS (
    SELECT t.id, t.date FROM stock_stockitemtracking t
    WHERE $1::int IS NOT NULL AND t.item_id = $1 AND t.date >= COALESCE($3, '-infinity'::timestamptz)
    UNION ALL
    SELECT t.id, t.date FROM stock_stockitemtracking t
    WHERE $1::int IS NULL AND $2::int IS NOT NULL AND t.part_id = $2 AND t.date >= COALESCE($3, '-infinity'::timestamptz)
    UNION ALL
    SELECT t.id, t.date FROM stock_stockitemtracking t
    WHERE $1::int IS NULL AND $2::int IS NULL AND t.date >= COALESCE($3, '-infinity'::timestamptz)
)
SELECT
    (SELECT count(*) FROM (SELECT 1 FROM matches LIMIT $6) counted) AS "count!",
    COALESCE(
        (SELECT array_agg(id ORDER BY date DESC, id DESC) FROM (
            SELECT id, date FROM matches ORDER BY date DESC, id DESC LIMIT $4 OFFSET $5
        ) page),
        '{}'
    ) AS "ids!"
