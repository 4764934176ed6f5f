-- The site's custom stock states (StockStatus.items(custom=True)): each key with the
-- logical status it stands for.
SELECT key, logical_key, label
FROM common_inventreecustomuserstatemodel
WHERE reference_status = 'StockStatus'
ORDER BY key
