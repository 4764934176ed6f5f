-- What stands in the way of deleting part $1, locked until the transaction ends. InvenTree
-- refuses locked parts and parts used in assemblies' BOMs; it would delete the part's stock,
-- builds and order lines with it, which is refused here instead.
SELECT p.id,
       p.name,
       p.locked,
       (SELECT count(*) FROM part_bomitem b WHERE b.sub_part_id = p.id) AS "used_in_boms!",
       (SELECT count(*) FROM stock_stockitem s WHERE s.part_id = p.id) AS "stock_items!",
       (SELECT count(*) FROM stock_stockitemtracking t WHERE t.part_id = p.id) AS "history!",
       (SELECT count(*) FROM build_build b WHERE b.part_id = p.id) AS "builds!",
       (SELECT count(*) FROM order_salesorderlineitem l WHERE l.part_id = p.id)
         + (SELECT count(*) FROM order_transferorderlineitem l WHERE l.part_id = p.id)
         + (SELECT count(*) FROM order_purchaseorderlineitem l
            JOIN part_supplierpart sp ON sp.id = l.part_id
            LEFT JOIN company_manufacturerpart mp ON mp.id = sp.manufacturer_part_id
            WHERE sp.part_id = p.id OR mp.part_id = p.id) AS "order_lines!",
       (SELECT count(*) FROM part_part v WHERE v.variant_of_id = p.id) AS "variants!"
FROM part_part p
WHERE p.id = $1
FOR UPDATE OF p
