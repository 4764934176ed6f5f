-- list_supplier_parts: how many supplier parts match, and the ids of the requested page, by
-- id. $1 part (NULL: any); $2 supplier (NULL: any); $3 active (NULL: either); $4 search
-- terms, each already escaped and wrapped in %...%: every term must appear (Django's
-- icontains) in one of InvenTree's supplier-part search fields: SKU, description, supplier
-- name, manufacturer name, MPN, the part's name, IPN, description or keywords, or a tag;
-- $5 limit, $6 offset.
WITH terms AS (
    SELECT DISTINCT term FROM unnest($4::text[]) AS term
), tagged AS MATERIALIZED (
    SELECT t.term, ti.object_id AS id
    FROM terms t
    JOIN taggit_tag tag ON upper(tag.name) LIKE upper(t.term) OR upper(tag.slug) LIKE upper(t.term)
    JOIN taggit_taggeditem ti ON ti.tag_id = tag.id
    JOIN django_content_type ct ON ct.id = ti.content_type_id
    WHERE ct.app_label = 'company' AND ct.model = 'supplierpart'
), matching AS (
    SELECT sp.id
    FROM part_supplierpart sp
    JOIN part_part p ON p.id = sp.part_id
    JOIN company_company s ON s.id = sp.supplier_id
    LEFT JOIN company_manufacturerpart mp ON mp.id = sp.manufacturer_part_id
    LEFT JOIN company_company m ON m.id = mp.manufacturer_id
    WHERE ($1::int IS NULL OR sp.part_id = $1)
      AND ($2::int IS NULL OR sp.supplier_id = $2)
      AND ($3::bool IS NULL OR sp.active = $3)
      AND NOT EXISTS (
          SELECT 1 FROM terms t
          -- Nullable fields yield NULL, never a match.
          WHERE NOT COALESCE(
                 upper(sp."SKU") LIKE upper(t.term)
              OR upper(sp.description) LIKE upper(t.term)
              OR upper(s.name) LIKE upper(t.term)
              OR upper(m.name) LIKE upper(t.term)
              OR upper(mp."MPN") LIKE upper(t.term)
              OR upper(p.name) LIKE upper(t.term)
              OR upper(p."IPN") LIKE upper(t.term)
              OR upper(p.description) LIKE upper(t.term)
              OR upper(p.keywords) LIKE upper(t.term)
              OR EXISTS (SELECT 1 FROM tagged g WHERE g.term = t.term AND g.id = sp.id)
          , false)
      )
)
SELECT (SELECT count(*) FROM matching) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY id LIMIT $5 OFFSET $6) AS "ids!"
