-- Tags by name, with how many parts carry each: how many tags there are, and the requested
-- page. $1 a LIKE pattern for the name or slug, case-insensitive (NULL: every tag);
-- $2 limit, $3 offset.
WITH matching AS (
    SELECT t.id, t.name, t.slug
    FROM taggit_tag t
    WHERE $1::text IS NULL OR upper(t.name) LIKE upper($1) OR upper(t.slug) LIKE upper($1)
)
SELECT (SELECT count(*) FROM matching) AS "count!",
       COALESCE((SELECT json_agg(page) FROM (
           SELECT m.id, m.name, m.slug,
                  (SELECT count(*) FROM taggit_taggeditem ti
                   JOIN django_content_type ct ON ct.id = ti.content_type_id
                   WHERE ti.tag_id = m.id AND ct.app_label = 'part' AND ct.model = 'part')
                      AS part_count
           FROM matching m
           ORDER BY m.name, m.id
           LIMIT $2 OFFSET $3) page), '[]') AS "items!: sqlx::types::Json<Vec<Tag>>"
