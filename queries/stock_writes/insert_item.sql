-- A new stock item, the root of a tree of its own (tree_id after the largest, as InvenTree's
-- bulk creation numbers new roots), with the columns Django fills for a new row: its model
-- defaults (link '', metadata {}, not building) and delete_on_deplete, unless given, from
-- STOCK_DELETE_DEPLETED_DEFAULT. Callers hold the stock tree advisory lock.
INSERT INTO stock_stockitem (
    serial, serial_int, link, batch, quantity, updated, stocktake_date, delete_on_deplete, status,
    status_custom_key, notes, belongs_to_id, location_id, part_id, stocktake_user_id,
    supplier_part_id, purchase_order_id, build_id, level, lft, parent_id, rght, tree_id,
    sales_order_id, customer_id, is_building, purchase_price, purchase_price_currency,
    expiry_date, owner_id, packaging, metadata, barcode_data, barcode_hash, consumed_by_id,
    creation_date)
SELECT $1::text, $2::int, '', $3::text, $4::float8::numeric, now(), NULL,
       COALESCE($18::bool,
                (SELECT lower(value) IN ('1', 'y', 'yes', 't', 'true', 'ok', 'on')
                 FROM common_inventreesetting WHERE key = 'STOCK_DELETE_DEPLETED_DEFAULT'), true),
       $5::int, $6::int, $17::text, NULL, $7::int, $8::int, NULL,
       $9::int, $10::int, NULL, 0, 1, NULL, 2, (SELECT COALESCE(max(tree_id), 0) + 1 FROM stock_stockitem),
       NULL, NULL, false, $11::float8::numeric, $12::text,
       $13::date, NULL, $14::text, '{}', $15::text, $16::text, NULL,
       now()
RETURNING id
