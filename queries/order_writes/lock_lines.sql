-- The order lines a receipt names ($1), locked until the transaction ends, with what
-- receiving needs: the supplier part's part and pack size (pack_quantity_native, NULL
-- counting as InvenTree's 1), the part's flags and default location, and the location of
-- an item already received for the line's supplier part on its order, which InvenTree's
-- PurchaseOrderLineItem.get_destination prefers to the line's own destination.
SELECT li.id,
       li.order_id,
       li.quantity::float8 AS "quantity!",
       li.received::float8 AS "received!",
       li.destination_id,
       li.build_order_id,
       li.purchase_price_currency,
       COALESCE(li.purchase_price <> 0, false) AS "priced!",
       sp.id AS "supplier_part?",
       p.id AS "part?",
       p.name AS "part_name?",
       p.trackable AS "trackable?",
       p.virtual AS "virtual?",
       p.default_location_id,
       CASE WHEN sp.pack_quantity_native > 0 THEN sp.pack_quantity_native ELSE 1 END::float8
           AS "pack!",
       (SELECT si.location_id FROM stock_stockitem si
        WHERE si.supplier_part_id = li.part_id AND si.purchase_order_id = li.order_id
          AND si.location_id IS NOT NULL
        ORDER BY si.id LIMIT 1) AS received_location
FROM order_purchaseorderlineitem li
LEFT JOIN part_supplierpart sp ON sp.id = li.part_id
LEFT JOIN part_part p ON p.id = sp.part_id
WHERE li.id = ANY($1::int[])
ORDER BY li.id
FOR UPDATE OF li
