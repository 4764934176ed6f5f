-- list_stock_items of a part: how many items match (counted up to $8), and the ids of the
-- requested page (by id). $1 part and, with $2, its variants; $3 location (NULL: any) and,
-- with $4, the locations below it; $5 in stock or not (NULL: either); $6 limit, $7 offset;
-- $9 batch, exactly (NULL: any); $10 serials, exactly, or with $11/$12 serial_int in one of
-- the ranges low..high (NULL: any; only serialized items), checked on the part's items.
WITH RECURSIVE parts AS (
    SELECT id FROM part_part WHERE id = $1
    UNION
    SELECT p.id FROM part_part p JOIN parts ON p.variant_of_id = parts.id WHERE $2::bool
), locations AS (
    SELECT id FROM stock_stocklocation WHERE id = $3
    UNION
    SELECT l.id FROM stock_stocklocation l JOIN locations ON l.parent_id = locations.id
    WHERE $4::bool
), matching AS NOT MATERIALIZED (
    SELECT si.id
    FROM stock_stockitem si
    WHERE si.part_id = ANY(ARRAY(SELECT id FROM parts))
      AND ($3::int IS NULL OR si.location_id = ANY(ARRAY(SELECT id FROM locations)))
      AND ($5::bool IS NULL OR $5 = (si.quantity > 0 AND si.sales_order_id IS NULL
          AND si.belongs_to_id IS NULL AND si.customer_id IS NULL AND si.consumed_by_id IS NULL
          AND NOT si.is_building AND si.status IN (10, 50, 55, 85)))
      AND ($9::text IS NULL OR si.batch = $9)
      AND ($10::text[] IS NULL OR (si.serial <> '' AND (si.serial = ANY($10)
           OR EXISTS (SELECT FROM unnest($11::int[], $12::int[]) AS r(low, high)
                      WHERE si.serial_int BETWEEN r.low AND r.high))))
)
SELECT (SELECT count(*) FROM (SELECT FROM matching LIMIT $8) counted) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY id LIMIT $6 OFFSET $7) AS "ids!"
