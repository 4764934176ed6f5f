-- InvenTree's default currency: INVENTREE_DEFAULT_CURRENCY, USD when unset or not a
-- currency code (see sourcing/exchange_rates.sql).
SELECT COALESCE((SELECT value FROM common_inventreesetting
                 WHERE key = 'INVENTREE_DEFAULT_CURRENCY' AND value ~ '^[A-Z]{3}$'), 'USD')
    AS "currency!"
