-- The supplier parts a new order lists ($1), kept from deletion until the transaction ends.
SELECT sp.id, sp.supplier_id, sp."SKU" AS sku, p.name AS part_name
FROM part_supplierpart sp
JOIN part_part p ON p.id = sp.part_id
WHERE sp.id = ANY($1::int[])
FOR SHARE OF sp
