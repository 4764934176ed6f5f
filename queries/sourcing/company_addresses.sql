-- A company's addresses, by title (InvenTree's address list order). InvenTree's
-- primary_address is the first with primary set.
SELECT id,
       title,
       "primary",
       line1,
       line2,
       postal_code,
       postal_city,
       province,
       country,
       shipping_notes,
       internal_shipping_notes,
       link
FROM company_address
WHERE company_id = $1
ORDER BY title, id
