-- A stock item received against a purchase order line, as PurchaseOrder.receive_line_items
-- creates it (bulk_create: no CREATED history row, no signals): the supplier part's part,
-- the supplier part and the order; the quantity in part units ($3); the line's unit price
-- per part unit (price / pack_quantity_native, NULL without a price or priced 0), times $12
-- when converting into the default currency ($11) under PURCHASEORDER_CONVERT_CURRENCY; the
-- default currency when there is no price, as the money field's default; notes ($8) as
-- given (InvenTree's `note`, '' by default); packaging given or the supplier part's; serial '' unless serialized (serial_int its number); a tree of its
-- own (the next tree_id; callers hold the stock tree lock); `updated` and `creation_date`
-- now; empty metadata and barcode.
INSERT INTO stock_stockitem (
    serial, serial_int, link, batch, quantity, updated, creation_date, stocktake_date,
    delete_on_deplete, status, status_custom_key, notes, belongs_to_id, location_id, part_id,
    stocktake_user_id, supplier_part_id, purchase_order_id, build_id, level, lft, parent_id,
    rght, tree_id, sales_order_id, customer_id, is_building, purchase_price,
    purchase_price_currency, expiry_date, owner_id, packaging, metadata, barcode_data,
    barcode_hash, consumed_by_id)
SELECT $2, $13, '', $4, $3::float8::numeric, now(), now(), NULL,
       $5, $6, $7, $8, NULL, $9, sp.part_id,
       NULL, sp.id, li.order_id, NULL, 0, 1, NULL,
       2, (SELECT COALESCE(max(tree_id), 0) + 1 FROM stock_stockitem), NULL, NULL, false,
       CASE WHEN li.purchase_price <> 0
            THEN li.purchase_price
                 / CASE WHEN sp.pack_quantity_native > 0 THEN sp.pack_quantity_native ELSE 1 END
                 * COALESCE($12::float8::numeric, 1)
       END,
       CASE WHEN li.purchase_price <> 0 AND $12::float8 IS NULL THEN li.purchase_price_currency
            ELSE $11
       END,
       $10, NULL, COALESCE($14, sp.packaging), '{}', '', '', NULL
FROM order_purchaseorderlineitem li
JOIN part_supplierpart sp ON sp.id = li.part_id
WHERE li.id = $1
RETURNING id
