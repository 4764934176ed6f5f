-- list_stock_items without a part or location: how many items match (counted up to $4), and
-- the ids of the requested page, read in primary-key order so a page stops early.
-- $1 in stock or not (NULL: either); $2 limit, $3 offset; $5 batch, exactly (NULL: any);
-- $6 serials, exactly, or with $7/$8 serial_int in one of the ranges low..high (NULL: any;
-- only serialized items). No index covers serial or batch: a page is read in id order.
WITH matching AS NOT MATERIALIZED (
    SELECT si.id
    FROM stock_stockitem si
    WHERE ($1::bool IS NULL OR $1 = (si.quantity > 0 AND si.sales_order_id IS NULL
          AND si.belongs_to_id IS NULL AND si.customer_id IS NULL AND si.consumed_by_id IS NULL
          AND NOT si.is_building AND si.status IN (10, 50, 55, 85)))
      AND ($5::text IS NULL OR si.batch = $5)
      AND ($6::text[] IS NULL OR (si.serial <> '' AND (si.serial = ANY($6)
           OR EXISTS (SELECT FROM unnest($7::int[], $8::int[]) AS r(low, high)
                      WHERE si.serial_int BETWEEN r.low AND r.high))))
)
SELECT (SELECT count(*) FROM (SELECT FROM matching LIMIT $4) counted) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY id LIMIT $2 OFFSET $3) AS "ids!"
