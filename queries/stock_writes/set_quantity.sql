-- A stock item's new quantity; `updated` as Django's auto_now sets it on every save.
UPDATE stock_stockitem SET quantity = $2::float8::numeric, updated = now() WHERE id = $1
