-- list_stock_items without a part or location: how many items match (counted up to $4), and
-- the ids of the requested page, read in primary-key order so a page stops early.
-- $1 in stock or not (NULL: either); $2 limit, $3 offset.
WITH matching AS NOT MATERIALIZED (
    SELECT si.id
    FROM stock_stockitem si
    WHERE $1::bool IS NULL OR $1 = (si.quantity > 0 AND si.sales_order_id IS NULL
          AND si.belongs_to_id IS NULL AND si.customer_id IS NULL AND si.consumed_by_id IS NULL
          AND NOT si.is_building AND si.status IN (10, 50, 55, 85))
)
SELECT (SELECT count(*) FROM (SELECT FROM matching LIMIT $4) counted) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY id LIMIT $2 OFFSET $3) AS "ids!"
