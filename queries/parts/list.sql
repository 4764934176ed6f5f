-- list_parts: how many parts match in all, and the ids of the requested page (by id).
-- $1 category (NULL: any), $2 include subcategories, $3 active (NULL: any),
-- $4 tag names that must all be present (case-sensitive, as in InvenTree), $5 limit, $6 offset.
WITH RECURSIVE categories AS (
    SELECT id FROM part_partcategory WHERE id = $1
    UNION
    SELECT c.id FROM part_partcategory c JOIN categories ON c.parent_id = categories.id
    WHERE $2::bool
), matching AS (
    SELECT p.id
    FROM part_part p
    WHERE ($1::int IS NULL OR p.category_id IN (SELECT id FROM categories))
      AND ($3::bool IS NULL OR p.active = $3)
      AND (cardinality($4::text[]) = 0 OR (
          SELECT count(DISTINCT t.name)
          FROM taggit_taggeditem ti
          JOIN taggit_tag t ON t.id = ti.tag_id
          JOIN django_content_type ct ON ct.id = ti.content_type_id
          WHERE ti.object_id = p.id AND ct.app_label = 'part' AND ct.model = 'part'
            AND t.name = ANY($4::text[])
      ) = cardinality($4::text[]))
)
SELECT (SELECT count(*) FROM matching) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY id LIMIT $5 OFFSET $6) AS "ids!"
