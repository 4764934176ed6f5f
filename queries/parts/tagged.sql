-- The ids of the parts carrying every one of the tag names $1 (case-sensitive, as in
-- InvenTree), ascending. Resolved before list_parts, so that the list is planned with them.
SELECT COALESCE(array_agg(id ORDER BY id), '{}') AS "ids!"
FROM (
    SELECT ti.object_id AS id
    FROM taggit_taggeditem ti
    JOIN taggit_tag t ON t.id = ti.tag_id
    JOIN django_content_type ct ON ct.id = ti.content_type_id
    WHERE ct.app_label = 'part' AND ct.model = 'part' AND t.name = ANY($1::text[])
    GROUP BY ti.object_id
    HAVING count(DISTINCT t.name) = cardinality($1::text[])
) tagged
