-- Companies by id, in the order given, with InvenTree's company-list annotations:
-- parts_supplied (its supplier parts) and parts_manufactured (its manufacturer parts).
WITH want AS (
    SELECT id, ord FROM unnest($1::int[]) WITH ORDINALITY AS w(id, ord)
)
SELECT c.id,
       c.name,
       c.description,
       c.website,
       c.email,
       c.phone,
       c.currency,
       c.is_supplier,
       c.is_manufacturer,
       c.is_customer,
       c.active,
       (SELECT count(*) FROM part_supplierpart sp WHERE sp.supplier_id = c.id) AS "parts_supplied!",
       (SELECT count(*) FROM company_manufacturerpart mp
        WHERE mp.manufacturer_id = c.id) AS "parts_manufactured!"
FROM want
JOIN company_company c ON c.id = want.id
ORDER BY want.ord
