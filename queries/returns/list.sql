-- list_return_orders: how many orders match, and the ids of the requested page, newest
-- reference first (InvenTree's default). $1 customer (NULL: any); $2 outstanding: true for
-- InvenTree's open set {10, 20, 25}, false for the rest (NULL: either); $3 overdue (open, target
-- date before today); $4 limit, $5 offset.
WITH matching AS (
    SELECT id, reference, reference_int
    FROM order_returnorder o
    WHERE ($1::int IS NULL OR o.customer_id = $1)
      AND ($2::bool IS NULL OR (o.status IN (10, 20, 25)) = $2)
      AND ($3::bool IS NULL
           OR COALESCE(o.status IN (10, 20, 25) AND o.target_date < CURRENT_DATE, false) = $3)
)
SELECT (SELECT count(*) FROM matching) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY reference_int DESC, reference DESC
             LIMIT $4 OFFSET $5) AS "ids!"
