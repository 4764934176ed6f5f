-- The stock items a status change is about, locked in id order (so that concurrent calls
-- cannot deadlock) until the transaction ends.
SELECT id, status, status_custom_key
FROM stock_stockitem
WHERE id = ANY($1::int[])
ORDER BY id
FOR UPDATE
