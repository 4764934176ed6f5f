-- list_companies: how many companies match, and the ids of the requested page, by name
-- (InvenTree's default order). $1 kind: 'supplier', 'manufacturer' or 'customer' (the is_*
-- flag; NULL: any); $2 search terms, each already escaped and wrapped in %...%: every term
-- must appear (Django's icontains) in the name, description, website or tax id, InvenTree's
-- company search fields; $3 active (NULL: either); $4 limit, $5 offset.
WITH matching AS (
    SELECT c.id, c.name
    FROM company_company c
    WHERE ($1::text IS NULL
           OR ($1 = 'supplier' AND c.is_supplier)
           OR ($1 = 'manufacturer' AND c.is_manufacturer)
           OR ($1 = 'customer' AND c.is_customer))
      AND ($3::bool IS NULL OR c.active = $3)
      AND NOT EXISTS (
          SELECT 1 FROM unnest($2::text[]) AS t(term)
          WHERE NOT (upper(c.name) LIKE upper(t.term)
                  OR upper(c.description) LIKE upper(t.term)
                  OR upper(c.website) LIKE upper(t.term)
                  OR upper(c.tax_id) LIKE upper(t.term))
      )
)
SELECT (SELECT count(*) FROM matching) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY name, id LIMIT $4 OFFSET $5) AS "ids!"
