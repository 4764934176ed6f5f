-- A new purchase order line as InvenTree's API creates it: quantity in supplier packs,
-- no reference, nothing received, the price update_pricing found ($4, NULL for none) in the
-- default currency ($5, the API's default for purchase_price_currency), empty notes, link and
-- metadata, no destination or target date of its own, the line number fields at their
-- defaults ('' and 0).
INSERT INTO order_purchaseorderlineitem (
    quantity, reference, received, order_id, part_id, notes, purchase_price,
    purchase_price_currency, destination_id, target_date, metadata, link, build_order_id,
    project_code_id, line, line_int)
VALUES (
    $2::float8::numeric, '', 0, $1, $3, '', round($4::float8::numeric, 6),
    $5, NULL, NULL, '{}', '', NULL,
    NULL, '', 0)
RETURNING id
