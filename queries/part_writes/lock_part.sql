-- The part an update is about, locked until the transaction ends.
SELECT id, name, "IPN" AS ipn, revision, units, locked,
       EXISTS (SELECT 1 FROM part_supplierpart sp WHERE sp.part_id = part_part.id) AS "has_supplier_parts!"
FROM part_part
WHERE id = $1
FOR UPDATE
