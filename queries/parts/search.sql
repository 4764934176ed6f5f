-- search_parts: InvenTree's part search. Every term must match at least one field, compared
-- as Django's icontains does (UPPER(field) LIKE UPPER(pattern)). $1 holds the terms already
-- escaped and wrapped in %...%. Ordered by name, as InvenTree orders its part list.
-- Set-based: each term's matching parts are found once (its own fields, its category's name,
-- supplier SKUs, manufacturer MPNs, tags and parameter values), then a part matches when it
-- was found for every term. Parameter values (`data`) are a field InvenTree's search does
-- not have: a term matching one finds the part here. With pg_trgm indexes on the
-- upper-cased part fields (docs/query-plans.md), PostgreSQL can read them instead of the
-- whole table.
WITH terms AS (
    SELECT DISTINCT term FROM unnest($1::text[]) AS term
), found AS (
    SELECT t.term, p.id
    FROM terms t
    JOIN part_part p ON upper(p.name) LIKE upper(t.term)
        OR upper(p.description) LIKE upper(t.term)
        OR upper(p."IPN") LIKE upper(t.term)
        OR upper(p.revision) LIKE upper(t.term)
        OR upper(p.keywords) LIKE upper(t.term)
    UNION
    SELECT t.term, p.id
    FROM terms t
    JOIN part_partcategory c ON upper(c.name) LIKE upper(t.term)
    JOIN part_part p ON p.category_id = c.id
    UNION
    SELECT t.term, s.part_id
    FROM terms t JOIN part_supplierpart s ON upper(s."SKU") LIKE upper(t.term)
    UNION
    SELECT t.term, m.part_id
    FROM terms t JOIN company_manufacturerpart m ON upper(m."MPN") LIKE upper(t.term)
    UNION
    SELECT t.term, ti.object_id
    FROM terms t
    JOIN taggit_tag tag ON upper(tag.name) LIKE upper(t.term) OR upper(tag.slug) LIKE upper(t.term)
    JOIN taggit_taggeditem ti ON ti.tag_id = tag.id
    JOIN django_content_type ct ON ct.id = ti.content_type_id
    WHERE ct.app_label = 'part' AND ct.model = 'part'
    UNION
    SELECT t.term, pp.model_id
    FROM terms t
    JOIN part_partparameter pp ON upper(pp.data) LIKE upper(t.term)
    WHERE pp.model_type_id = (SELECT id FROM django_content_type
                              WHERE app_label = 'part' AND model = 'part')
), matching AS MATERIALIZED (
    SELECT p.id, p.name
    FROM (SELECT id FROM found GROUP BY id
          HAVING count(DISTINCT term) = (SELECT count(*) FROM terms)) f
    JOIN part_part p ON p.id = f.id
)
SELECT (SELECT count(*) FROM matching) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY name, id LIMIT $2 OFFSET $3) AS "ids!"
