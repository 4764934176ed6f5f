-- A stock item's new status (StockChangeStatusSerializer): the logical code, the custom
-- state's key or NULL, and `updated`.
UPDATE stock_stockitem SET status = $2, status_custom_key = $3, updated = now() WHERE id = $1
