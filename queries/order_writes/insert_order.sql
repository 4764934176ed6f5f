-- A new purchase order as InvenTree's API creates it: Pending (10), the given fields, no
-- description or supplier reference, today's creation date, created by the caller (OrderCreateMixin), no
-- notes, empty link, metadata and barcode, no order currency of its own (the supplier's
-- applies); total_price 0 in the order's currency ($8) until its lines are priced
-- (set_total.sql); `updated_at` now.
INSERT INTO order_purchaseorder (
    reference, reference_int, description, creation_date, issue_date, notes, created_by_id,
    supplier_id, link, status, complete_date, received_by_id, supplier_reference, target_date,
    responsible_id, metadata, total_price, total_price_currency, contact_id, barcode_data,
    barcode_hash, project_code_id, order_currency, address_id, status_custom_key,
    destination_id, start_date, updated_at)
VALUES (
    $1, $2, '', CURRENT_DATE, NULL, NULL, $3,
    $4, '', 10, NULL, NULL, '', $5,
    NULL, '{}', 0, $8, NULL, '',
    '', $6, NULL, NULL, NULL,
    $7, NULL, now())
RETURNING id
