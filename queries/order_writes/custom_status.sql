-- A custom stock state by its key: the logical status it stands for (StockStatus custom
-- states, common_inventreecustomuserstatemodel).
SELECT logical_key, label
FROM common_inventreecustomuserstatemodel
WHERE key = $1 AND reference_status = 'StockStatus'
LIMIT 1
