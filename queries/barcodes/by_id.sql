-- The object a barcode names by kind ($1, InvenTree's model label) and id ($2), with the
-- name InvenTree shows for it.
SELECT kind AS "kind!", id AS "id!", name AS "name!" FROM (
    SELECT 'part' AS kind, id, name FROM part_part WHERE $1 = 'part' AND id = $2
    UNION ALL
    SELECT 'stockitem', s.id, p.name || CASE
        WHEN s.serial IS NOT NULL AND s.serial <> '' THEN ' #' || s.serial
        ELSE ' x ' || trim_scale(s.quantity)::text END
    FROM stock_stockitem s JOIN part_part p ON p.id = s.part_id
    WHERE $1 = 'stockitem' AND s.id = $2
    UNION ALL
    SELECT 'stocklocation', id, pathstring FROM stock_stocklocation
    WHERE $1 = 'stocklocation' AND id = $2
    UNION ALL
    SELECT 'supplierpart', id, "SKU" FROM part_supplierpart WHERE $1 = 'supplierpart' AND id = $2
    UNION ALL
    SELECT 'manufacturerpart', id, "MPN" FROM company_manufacturerpart
    WHERE $1 = 'manufacturerpart' AND id = $2
    UNION ALL
    SELECT 'purchaseorder', id, reference FROM order_purchaseorder
    WHERE $1 = 'purchaseorder' AND id = $2
    UNION ALL
    SELECT 'salesorder', id, reference FROM order_salesorder WHERE $1 = 'salesorder' AND id = $2
    UNION ALL
    SELECT 'returnorder', id, reference FROM order_returnorder WHERE $1 = 'returnorder' AND id = $2
    UNION ALL
    SELECT 'build', id, reference FROM build_build WHERE $1 = 'build' AND id = $2
    UNION ALL
    SELECT 'salesordershipment', id, reference FROM order_salesordershipment
    WHERE $1 = 'salesordershipment' AND id = $2
) found
