-- A stock item moved whole to another location.
UPDATE stock_stockitem SET location_id = $2, updated = now() WHERE id = $1
