-- list_stock_items in a location: how many items match (counted up to $6), and the ids of
-- the requested page (by id). $1 location and, with $2, the locations below it; $3 in stock
-- or not (NULL: either); $4 limit, $5 offset; $7 batch, exactly (NULL: any); $8 serials,
-- exactly, or with $9/$10 serial_int in one of the ranges low..high (NULL: any; only
-- serialized items), checked on the location's items.
WITH RECURSIVE locations AS (
    SELECT id FROM stock_stocklocation WHERE id = $1
    UNION
    SELECT l.id FROM stock_stocklocation l JOIN locations ON l.parent_id = locations.id
    WHERE $2::bool
), matching AS NOT MATERIALIZED (
    SELECT si.id
    FROM stock_stockitem si
    WHERE si.location_id = ANY(ARRAY(SELECT id FROM locations))
      AND ($3::bool IS NULL OR $3 = (si.quantity > 0 AND si.sales_order_id IS NULL
          AND si.belongs_to_id IS NULL AND si.customer_id IS NULL AND si.consumed_by_id IS NULL
          AND NOT si.is_building AND si.status IN (10, 50, 55, 85)))
      AND ($7::text IS NULL OR si.batch = $7)
      AND ($8::text[] IS NULL OR (si.serial <> '' AND (si.serial = ANY($8)
           OR EXISTS (SELECT FROM unnest($9::int[], $10::int[]) AS r(low, high)
                      WHERE si.serial_int BETWEEN r.low AND r.high))))
)
SELECT (SELECT count(*) FROM (SELECT FROM matching LIMIT $6) counted) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY id LIMIT $4 OFFSET $5) AS "ids!"
