-- The settings a new stock item depends on; a missing row is InvenTree's default
-- (common/setting/system.py). Booleans read as InvenTree's str2bool reads them. Today and
-- now are InvenTree's: in its time zone, the session's.
SELECT
    COALESCE((SELECT value FROM common_inventreesetting WHERE key = 'STOCK_BATCH_CODE_TEMPLATE'),
             '') AS "batch_template!",
    COALESCE((SELECT value FROM common_inventreesetting
              WHERE key = 'INVENTREE_DEFAULT_CURRENCY' AND value ~ '^[A-Z]{3}$'),
             'USD') AS "default_currency!",
    COALESCE((SELECT value FROM common_inventreesetting WHERE key = 'CURRENCY_CODES'),
             'AUD,CAD,CNY,EUR,GBP,JPY,NZD,USD') AS "currency_codes!",
    COALESCE((SELECT lower(value) IN ('1', 'y', 'yes', 't', 'true', 'ok', 'on')
              FROM common_inventreesetting WHERE key = 'SERIAL_NUMBER_GLOBALLY_UNIQUE'),
             false) AS "serials_globally_unique!",
    CURRENT_DATE AS "today!",
    LOCALTIMESTAMP AS "now!"
