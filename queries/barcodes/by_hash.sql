-- Objects a barcode was assigned to, by the hash InvenTree stores ($1), in the order InvenTree
-- tries its models.
SELECT kind AS "kind!", id AS "id!", name AS "name!" FROM (
    SELECT 1 AS rank, 'part' AS kind, id, name FROM part_part WHERE barcode_hash = $1
    UNION ALL
    SELECT 2, 'stockitem', s.id, p.name || CASE
        WHEN s.serial IS NOT NULL AND s.serial <> '' THEN ' #' || s.serial
        ELSE ' x ' || trim_scale(s.quantity)::text END
    FROM stock_stockitem s JOIN part_part p ON p.id = s.part_id WHERE s.barcode_hash = $1
    UNION ALL
    SELECT 3, 'stocklocation', id, pathstring FROM stock_stocklocation WHERE barcode_hash = $1
    UNION ALL
    SELECT 4, 'supplierpart', id, "SKU" FROM part_supplierpart WHERE barcode_hash = $1
    UNION ALL
    SELECT 5, 'manufacturerpart', id, "MPN" FROM company_manufacturerpart WHERE barcode_hash = $1
    UNION ALL
    SELECT 6, 'purchaseorder', id, reference FROM order_purchaseorder WHERE barcode_hash = $1
    UNION ALL
    SELECT 7, 'salesorder', id, reference FROM order_salesorder WHERE barcode_hash = $1
    UNION ALL
    SELECT 8, 'returnorder', id, reference FROM order_returnorder WHERE barcode_hash = $1
    UNION ALL
    SELECT 9, 'build', id, reference FROM build_build WHERE barcode_hash = $1
    UNION ALL
    SELECT 10, 'salesordershipment', id, reference FROM order_salesordershipment
    WHERE barcode_hash = $1
) found
ORDER BY rank, id
LIMIT 1
