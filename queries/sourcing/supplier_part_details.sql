-- Supplier parts by id, in the order given, with their part, supplier and manufacturer
-- part. pack_quantity is the pack as entered ("250 ml"), pack_quantity_native the same in
-- the part's units (0.25 for a part in litres).
WITH want AS (
    SELECT id, ord FROM unnest($1::int[]) WITH ORDINALITY AS w(id, ord)
)
SELECT sp.id,
       sp.part_id AS part,
       p.name AS part_name,
       p."IPN" AS ipn,
       sp.supplier_id AS supplier,
       s.name AS supplier_name,
       sp."SKU" AS sku,
       sp.manufacturer_part_id AS manufacturer_part,
       mp.manufacturer_id AS "manufacturer?",
       m.name AS "manufacturer_name?",
       mp."MPN" AS "mpn?",
       sp.description,
       sp.packaging,
       sp.pack_quantity,
       sp.pack_quantity_native::float8 AS pack_quantity_native,
       sp.available::float8 AS "available!",
       sp.availability_updated,
       sp.active,
       sp."primary",
       sp.multiple,
       sp.base_cost::float8 AS "base_cost!",
       sp.link,
       sp.note,
       sp.updated
FROM want
JOIN part_supplierpart sp ON sp.id = want.id
JOIN part_part p ON p.id = sp.part_id
JOIN company_company s ON s.id = sp.supplier_id
LEFT JOIN company_manufacturerpart mp ON mp.id = sp.manufacturer_part_id
LEFT JOIN company_company m ON m.id = mp.manufacturer_id
ORDER BY want.ord
