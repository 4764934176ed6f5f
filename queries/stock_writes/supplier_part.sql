-- A supplier part named for a new stock item, with the part it belongs to.
SELECT sp.id, sp."SKU" AS sku, sp.part_id, p.name AS part_name
FROM part_supplierpart sp
JOIN part_part p ON p.id = sp.part_id
WHERE sp.id = $1
FOR SHARE OF sp
