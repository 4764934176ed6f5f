-- list_build_orders: how many builds match, and the ids of the requested page, newest
-- reference first. $1 part (NULL: any); $2 active: true for InvenTree's active set
-- {10,20,25}, false for the rest (NULL: either); $3 overdue (active, target date today or
-- earlier, as InvenTree's builds count it); $4 limit, $5 offset.
WITH matching AS (
    SELECT id, reference, reference_int
    FROM build_build b
    WHERE ($1::int IS NULL OR b.part_id = $1)
      AND ($2::bool IS NULL OR (b.status IN (10, 20, 25)) = $2)
      AND ($3::bool IS NULL
           OR COALESCE(b.status IN (10, 20, 25) AND b.target_date <= CURRENT_DATE, false) = $3)
)
SELECT (SELECT count(*) FROM matching) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY reference_int DESC, reference DESC
             LIMIT $4 OFFSET $5) AS "ids!"
