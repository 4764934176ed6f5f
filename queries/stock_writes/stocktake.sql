-- A counted stock item (StockItem.stocktake): its quantity, the day and who counted it;
-- `updated` as Django's auto_now sets it.
UPDATE stock_stockitem
SET quantity = $2::float8::numeric, stocktake_date = CURRENT_DATE, stocktake_user_id = $3,
    updated = now()
WHERE id = $1
RETURNING stocktake_date AS "stocktake_date!"
