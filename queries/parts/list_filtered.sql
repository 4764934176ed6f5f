-- list_parts by category and/or tags: how many parts match (counted up to $7), and the ids of
-- the requested page (by id). $1 category (NULL: any), $2 include subcategories, $3 active
-- (NULL: any), $4 tag names that must all be present (case-sensitive, as in InvenTree; at
-- least one when $1 is NULL), $5 limit, $6 offset.
-- Candidates come from the category index or from the tags, never from a scan of all parts.
WITH RECURSIVE categories AS (
    SELECT id FROM part_partcategory WHERE id = $1
    UNION
    SELECT c.id FROM part_partcategory c JOIN categories ON c.parent_id = categories.id
    WHERE $2::bool
), tagged AS MATERIALIZED (
    SELECT ti.object_id AS id
    FROM taggit_taggeditem ti
    JOIN taggit_tag t ON t.id = ti.tag_id
    JOIN django_content_type ct ON ct.id = ti.content_type_id
    WHERE ct.app_label = 'part' AND ct.model = 'part' AND t.name = ANY($4::text[])
    GROUP BY ti.object_id
    HAVING count(DISTINCT t.name) = cardinality($4::text[])
), candidates AS (
    -- OFFSET 0 keeps the look-up per category, through the category index.
    SELECT p.id, p.active
    FROM categories c
    CROSS JOIN LATERAL (
        SELECT p.id, p.active FROM part_part p WHERE p.category_id = c.id OFFSET 0
    ) p
    UNION ALL
    SELECT p.id, p.active
    FROM tagged t
    JOIN part_part p ON p.id = t.id
    WHERE $1::int IS NULL
), matching AS MATERIALIZED (
    SELECT id
    FROM candidates
    WHERE ($3::bool IS NULL OR active = $3)
      AND (cardinality($4::text[]) = 0 OR id IN (SELECT id FROM tagged))
)
SELECT (SELECT count(*) FROM (SELECT FROM matching LIMIT $7) counted) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY id LIMIT $5 OFFSET $6) AS "ids!"
