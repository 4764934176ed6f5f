-- list_stock_items: how many items match (counted up to $6), then the ids of the requested
-- page, by id, in one array (a single column, so that the statement can run unprepared).
-- $1 parts and $2 locations as id arrays (NULL: any), resolved beforehand; $3 in stock or
-- not (NULL: either); $4 limit, $5 offset; $7 batch, exactly (NULL: any);
-- $8 serials, exactly, or with $9/$10 serial_int in one of the ranges low..high (NULL: any;
-- only serialized items); $11 only ids above it (a cursor; NULL: from the first).
-- Planned for the values given, at every call (db::custom_plans; docs/query-plans.md):
-- the filters left NULL fall away and the id arrays are sized from the column statistics. The page is
-- read one of two ways, chosen once the count is known: fewer matches than the count's bound
-- are all read through the filter's index and sorted (`id + 0` keeps the primary key out);
-- more are read in id order until the page is full, which stops early at such a density (a
-- shelf holding a quarter of the stock). No index covers serial or batch.
WITH matching AS NOT MATERIALIZED (
    SELECT si.id
    FROM stock_stockitem si
    WHERE ($1::int[] IS NULL OR si.part_id = ANY($1))
      AND ($2::int[] IS NULL OR si.location_id = ANY($2))
      AND ($3::bool IS NULL OR $3 = (si.quantity > 0 AND si.sales_order_id IS NULL
          AND si.belongs_to_id IS NULL AND si.customer_id IS NULL AND si.consumed_by_id IS NULL
          AND NOT si.is_building AND si.status IN (10, 50, 55, 85)))
      AND ($7::text IS NULL OR si.batch = $7)
      AND ($8::text[] IS NULL OR (si.serial <> '' AND (si.serial = ANY($8)
           OR EXISTS (SELECT FROM unnest($9::int[], $10::int[]) AS r(low, high)
                      WHERE si.serial_int BETWEEN r.low AND r.high))))
), counted AS MATERIALIZED (
    SELECT count(*)::int AS n FROM (SELECT FROM matching LIMIT $6) c
)
SELECT ARRAY[n] || CASE
    WHEN n < $6 THEN ARRAY(SELECT id FROM matching WHERE $11::int IS NULL OR id > $11
                           ORDER BY id + 0 LIMIT $4 OFFSET $5)
    ELSE ARRAY(SELECT id FROM matching WHERE $11::int IS NULL OR id > $11
               ORDER BY id LIMIT $4 OFFSET $5)
    END AS "count_then_ids!"
FROM counted
