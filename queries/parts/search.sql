-- search_parts: InvenTree's part search. Every term must match at least one field, compared
-- as Django's icontains does (UPPER(field) LIKE UPPER(pattern)). $1 holds the terms already
-- escaped and wrapped in %...%. Ordered by name, as InvenTree orders its part list.
WITH matching AS (
    SELECT p.id, p.name
    FROM part_part p
    LEFT JOIN part_partcategory c ON c.id = p.category_id
    WHERE NOT EXISTS (
        SELECT 1 FROM unnest($1::text[]) AS term
        -- Nullable fields (IPN, revision, keywords, category) yield NULL, never a match.
        WHERE NOT COALESCE(
               upper(p.name) LIKE upper(term)
            OR upper(p.description) LIKE upper(term)
            OR upper(p."IPN") LIKE upper(term)
            OR upper(p.revision) LIKE upper(term)
            OR upper(p.keywords) LIKE upper(term)
            OR upper(c.name) LIKE upper(term)
            OR EXISTS (SELECT 1 FROM company_manufacturerpart m
                       WHERE m.part_id = p.id AND upper(m."MPN") LIKE upper(term))
            OR EXISTS (SELECT 1 FROM part_supplierpart s
                       WHERE s.part_id = p.id AND upper(s."SKU") LIKE upper(term))
            OR EXISTS (SELECT 1 FROM taggit_taggeditem ti
                       JOIN taggit_tag t ON t.id = ti.tag_id
                       JOIN django_content_type ct ON ct.id = ti.content_type_id
                       WHERE ti.object_id = p.id AND ct.app_label = 'part' AND ct.model = 'part'
                         AND (upper(t.name) LIKE upper(term) OR upper(t.slug) LIKE upper(term)))
        , false)
    )
)
SELECT (SELECT count(*) FROM matching) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY name, id LIMIT $2 OFFSET $3) AS "ids!"
