-- In-stock quantity by part category and stock location. $1 category and $2 location (NULL:
-- all; else that node and every node below it, walked over parent_id). Nodes deeper than
-- $3 levels below the top (NULL: no limit) are rolled up into their ancestor at that depth.
-- Stock of parts without a category, or items without a location, lands in a NULL row when
-- no category (location) is given. $4 limit, $5 offset of the rows, ordered by paths.
-- $6 and $7: the ids of $1's and $2's subtrees, resolved first (NULL with $1, $2), so that
-- the stock items are found through indexes when the subtree is small. Run with a plan made
-- for the values (db::custom_plans): a small subtree reads its parts or locations' items
-- through the indexes, the whole inventory is read in one sequential pass.
WITH RECURSIVE category_walk AS (
    SELECT id, id AS bucket, 0 AS depth, ARRAY[id] AS ids
    FROM part_partcategory
    WHERE ($1::int IS NULL AND parent_id IS NULL) OR id = $1
    UNION ALL
    SELECT c.id, CASE WHEN $3::int IS NULL OR w.depth < $3 THEN c.id ELSE w.bucket END,
           w.depth + 1, w.ids || c.id
    FROM part_partcategory c
    JOIN category_walk w ON c.parent_id = w.id
    WHERE c.id <> ALL(w.ids)
), location_walk AS (
    SELECT id, id AS bucket, 0 AS depth, ARRAY[id] AS ids
    FROM stock_stocklocation
    WHERE ($2::int IS NULL AND parent_id IS NULL) OR id = $2
    UNION ALL
    SELECT l.id, CASE WHEN $3::int IS NULL OR w.depth < $3 THEN l.id ELSE w.bucket END,
           w.depth + 1, w.ids || l.id
    FROM stock_stocklocation l
    JOIN location_walk w ON l.parent_id = w.id
    WHERE l.id <> ALL(w.ids)
), stock AS (
    -- In-stock quantity per (category, location) pair, one pass over the stock items; a
    -- given category or location selects its items before they are summed.
    SELECT p.category_id, si.location_id, sum(si.quantity) AS total, count(*) AS items
    FROM stock_stockitem si
    JOIN part_part p ON p.id = si.part_id
    WHERE si.quantity > 0 AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
      AND si.customer_id IS NULL AND si.consumed_by_id IS NULL AND NOT si.is_building
      AND si.status IN (10, 50, 55, 85)
      AND ($6::int[] IS NULL OR p.category_id = ANY($6))
      AND ($7::int[] IS NULL OR si.location_id = ANY($7))
    GROUP BY 1, 2
), sums AS (
    -- The pairs rolled up into the category and location buckets.
    SELECT cw.bucket AS category_id,
           lw.bucket AS location_id,
           sum(s.total) AS total,
           sum(s.items)::bigint AS items,
           COALESCE(bool_or(cw.id <> cw.bucket), false) AS categories_rolled_up,
           COALESCE(bool_or(lw.id <> lw.bucket), false) AS locations_rolled_up
    FROM stock s
    LEFT JOIN category_walk cw ON cw.id = s.category_id
    LEFT JOIN location_walk lw ON lw.id = s.location_id
    WHERE (cw.id IS NOT NULL OR ($1::int IS NULL AND s.category_id IS NULL))
      AND (lw.id IS NOT NULL OR ($2::int IS NULL AND s.location_id IS NULL))
    GROUP BY 1, 2
), rows AS (
    SELECT s.category_id, c.name AS category_name, c.pathstring AS category_path,
           s.location_id, l.name AS location_name, l.pathstring AS location_path,
           s.total, s.items, s.categories_rolled_up, s.locations_rolled_up
    FROM sums s
    LEFT JOIN part_partcategory c ON c.id = s.category_id
    LEFT JOIN stock_stocklocation l ON l.id = s.location_id
)
SELECT (SELECT count(*) FROM rows) AS "count!",
       (SELECT COALESCE(sum(total), 0)::float8 FROM rows) AS "grand_total!",
       COALESCE((SELECT json_agg(page) FROM (
           SELECT category_id, category_name, category_path, location_id, location_name,
                  location_path, total::float8 AS total_quantity, items AS item_count,
                  categories_rolled_up, locations_rolled_up
           FROM rows
           ORDER BY category_path NULLS LAST, location_path NULLS LAST
           LIMIT $4 OFFSET $5) page), '[]') AS "rows!: sqlx::types::Json<Vec<PivotRow>>"
