-- A destination location, locked against deletion until the transaction ends.
SELECT id, name, pathstring, structural FROM stock_stocklocation WHERE id = $1 FOR SHARE
