-- InvenTree's default currency and the exchange rates that convert into it.
-- Default currency: the INVENTREE_DEFAULT_CURRENCY setting, USD when unset or not a currency
-- code (InvenTree checks it against its currency list; here only its shape is checked).
-- Rates, as django-money converts: exchange_rate rows of the InvenTreeExchange backend give
-- units of a currency per unit of the backend's base currency (the base itself is 1), so
-- one unit of c is value(default) / value(c) units of the default currency. A currency
-- without a row cannot be converted.
WITH setting AS (
    SELECT CASE WHEN s.value ~ '^[A-Z]{3}$' THEN s.value ELSE 'USD' END AS code
    FROM (SELECT (SELECT value FROM common_inventreesetting
                  WHERE key = 'INVENTREE_DEFAULT_CURRENCY') AS value) s
), rates AS (
    SELECT DISTINCT ON (currency) currency, value
    FROM (SELECT b.base_currency AS currency, 1::numeric AS value, 0 AS pref
          FROM exchange_exchangebackend b WHERE b.name = 'InvenTreeExchange'
          UNION ALL
          SELECT r.currency, r.value, 1
          FROM exchange_rate r WHERE r.backend_id = 'InvenTreeExchange' AND r.value > 0) all_rates
    ORDER BY currency, pref
), to_default AS (
    SELECT r.currency, (d.value / r.value)::float8 AS factor
    FROM rates r
    JOIN rates d ON d.currency = (SELECT code FROM setting)
)
SELECT (SELECT code FROM setting) AS "default_currency!",
       ARRAY(SELECT currency::text FROM to_default ORDER BY currency) AS "rate_currencies!",
       ARRAY(SELECT factor FROM to_default ORDER BY currency) AS "rate_factors!",
       (SELECT last_update FROM exchange_exchangebackend
        WHERE name = 'InvenTreeExchange') AS "rates_updated?"
