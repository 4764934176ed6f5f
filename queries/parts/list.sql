-- list_parts: how many parts match (counted up to $7), then the ids of the requested page, by
-- id, in one array (a single column, so that the statement can run unprepared). $1 categories
-- and $3 tagged parts as id arrays resolved beforehand (NULL: any); $2 active (NULL: any);
-- $4 limit, $5 offset; $6 only ids above it (a cursor; NULL: from the first).
-- Planned for the values given, at every call (db::custom_plans; docs/query-plans.md):
-- the filters left NULL fall away and the id arrays are sized from the column statistics. The page is
-- read one of two ways, chosen once the count is known: fewer matches than the count's bound
-- are all read through the filter's index and sorted (`id + 0` keeps the primary key out);
-- more are read in id order until the page is full, which stops early at such a density.
WITH matching AS NOT MATERIALIZED (
    SELECT p.id
    FROM part_part p
    WHERE ($1::int[] IS NULL OR p.category_id = ANY($1))
      AND ($2::bool IS NULL OR p.active = $2)
      AND ($3::int[] IS NULL OR p.id = ANY($3))
), counted AS MATERIALIZED (
    SELECT count(*)::int AS n FROM (SELECT FROM matching LIMIT $7) c
)
SELECT ARRAY[n] || CASE
    WHEN n < $7 THEN ARRAY(SELECT id FROM matching WHERE $6::int IS NULL OR id > $6
                           ORDER BY id + 0 LIMIT $4 OFFSET $5)
    ELSE ARRAY(SELECT id FROM matching WHERE $6::int IS NULL OR id > $6
               ORDER BY id LIMIT $4 OFFSET $5)
    END AS "count_then_ids!"
FROM counted
