-- Whether stock location $1 exists (a primary-key lookup), when a filter naming it matched
-- nothing.
SELECT EXISTS (SELECT 1 FROM stock_stocklocation WHERE id = $1) AS "exists!"
