-- A split (StockItem.splitStock): a new item copying every column of the original, with its
-- own quantity and location, as a child of the original in its tree (tree columns are
-- renumbered by rebuild_tree.sql afterwards).
INSERT INTO stock_stockitem (
    serial, link, batch, quantity, updated, stocktake_date, delete_on_deplete, status, notes,
    belongs_to_id, location_id, part_id, stocktake_user_id, supplier_part_id, purchase_order_id,
    build_id, level, lft, parent_id, rght, tree_id, sales_order_id, customer_id, is_building,
    purchase_price, purchase_price_currency, expiry_date, owner_id, packaging, serial_int,
    metadata, barcode_data, barcode_hash, consumed_by_id, status_custom_key, creation_date)
SELECT serial, link, batch, $2::float8::numeric, now(), stocktake_date, delete_on_deplete, status,
       notes, belongs_to_id, $3, part_id, stocktake_user_id, supplier_part_id, purchase_order_id,
       build_id, level + 1, lft, id, rght, tree_id, sales_order_id, customer_id, is_building,
       purchase_price, purchase_price_currency, expiry_date, owner_id, packaging, serial_int,
       metadata, barcode_data, barcode_hash, consumed_by_id, status_custom_key, creation_date
FROM stock_stockitem
WHERE id = $1
RETURNING id
