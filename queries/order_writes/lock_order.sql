-- The purchase order a receipt is against, locked until the transaction ends: receipts of
-- one order run one after another, so each sees the lines the one before left and decides
-- the order's completion on them. With the settings a receipt follows (InvenTree's
-- defaults when unset): PURCHASEORDER_AUTO_COMPLETE (true), PURCHASEORDER_CONVERT_CURRENCY
-- (false), STOCK_DELETE_DEPLETED_DEFAULT (true), SERIAL_NUMBER_GLOBALLY_UNIQUE (false).
WITH settings AS (
    SELECT key, lower(value) IN ('1', 'y', 'yes', 't', 'true', 'ok', 'on') AS value
    FROM common_inventreesetting
    WHERE key IN ('PURCHASEORDER_AUTO_COMPLETE', 'PURCHASEORDER_CONVERT_CURRENCY',
                  'STOCK_DELETE_DEPLETED_DEFAULT', 'SERIAL_NUMBER_GLOBALLY_UNIQUE')
)
SELECT o.id,
       o.reference,
       o.status,
       o.destination_id,
       COALESCE((SELECT value FROM settings WHERE key = 'PURCHASEORDER_AUTO_COMPLETE'), true)
           AS "auto_complete!",
       COALESCE((SELECT value FROM settings WHERE key = 'PURCHASEORDER_CONVERT_CURRENCY'), false)
           AS "convert_currency!",
       COALESCE((SELECT value FROM settings WHERE key = 'STOCK_DELETE_DEPLETED_DEFAULT'), true)
           AS "delete_on_deplete!",
       COALESCE((SELECT value FROM settings WHERE key = 'SERIAL_NUMBER_GLOBALLY_UNIQUE'), false)
           AS "serials_global!"
FROM order_purchaseorder o
WHERE o.id = $1
FOR UPDATE OF o
