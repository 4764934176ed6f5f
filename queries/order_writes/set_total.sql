-- An order's total_price as its save recomputes it (TotalPriceMixin), from totals.sql.
UPDATE order_purchaseorder
SET total_price = round($2::float8::numeric, 6), total_price_currency = $3
WHERE id = $1
