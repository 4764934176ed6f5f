-- Order totals as InvenTree computes `total_price` (order/models.py TotalPriceMixin): the sum
-- of quantity x price over the lines and the extra lines, each price converted into the
-- order's currency; lines without a price, or priced 0, are skipped. $1 the kind of order
-- ('purchase', 'sales' or 'return'), $2 the orders' ids.
-- The order's currency (TotalPriceMixin.currency): its order_currency, else the supplier's or
-- customer's currency (Company.currency_code), else INVENTREE_DEFAULT_CURRENCY (USD when unset);
-- a stored code that is not three capital letters counts as unset.
-- Conversion is django-money's convert_money on InvenTree's stored rates (backend
-- 'InvenTreeExchange'; a rate is how many units of a currency one unit of base_currency
-- buys): 1 between equal currencies, else value(target) / value(source), a base currency
-- counting 1. A price in a currency without a stored rate makes the total NULL, as InvenTree's
-- MissingRate does; by_currency keeps the unconverted sums per price currency.
WITH orders AS (
    SELECT o.id, o.order_currency, c.currency AS company_currency
    FROM order_purchaseorder o
    LEFT JOIN company_company c ON c.id = o.supplier_id
    WHERE $1::text = 'purchase' AND o.id = ANY($2::int[])
    UNION ALL
    SELECT o.id, o.order_currency, c.currency
    FROM order_salesorder o
    LEFT JOIN company_company c ON c.id = o.customer_id
    WHERE $1 = 'sales' AND o.id = ANY($2)
    UNION ALL
    SELECT o.id, o.order_currency, c.currency
    FROM order_returnorder o
    LEFT JOIN company_company c ON c.id = o.customer_id
    WHERE $1 = 'return' AND o.id = ANY($2)
), priced AS (
    SELECT order_id, quantity, purchase_price AS price, purchase_price_currency AS currency
    FROM order_purchaseorderlineitem WHERE $1 = 'purchase' AND order_id = ANY($2)
    UNION ALL
    SELECT order_id, quantity, price, price_currency
    FROM order_purchaseorderextraline WHERE $1 = 'purchase' AND order_id = ANY($2)
    UNION ALL
    SELECT order_id, quantity, sale_price, sale_price_currency
    FROM order_salesorderlineitem WHERE $1 = 'sales' AND order_id = ANY($2)
    UNION ALL
    SELECT order_id, quantity, price, price_currency
    FROM order_salesorderextraline WHERE $1 = 'sales' AND order_id = ANY($2)
    UNION ALL
    SELECT order_id, quantity, price, price_currency
    FROM order_returnorderlineitem WHERE $1 = 'return' AND order_id = ANY($2)
    UNION ALL
    SELECT order_id, quantity, price, price_currency
    FROM order_returnorderextraline WHERE $1 = 'return' AND order_id = ANY($2)
), sums AS (
    SELECT order_id, currency, sum(quantity * price) AS amount
    FROM priced
    WHERE price <> 0
    GROUP BY order_id, currency
), target AS (
    SELECT o.id,
           COALESCE(CASE WHEN o.order_currency ~ '^[A-Z]{3}$' THEN o.order_currency END,
                    CASE WHEN o.company_currency ~ '^[A-Z]{3}$' THEN o.company_currency END,
                    (SELECT value FROM common_inventreesetting
                     WHERE key = 'INVENTREE_DEFAULT_CURRENCY' AND value ~ '^[A-Z]{3}$'),
                    'USD') AS currency
    FROM orders o
), rates AS (
    SELECT r.currency, r.value FROM exchange_rate r WHERE r.backend_id = 'InvenTreeExchange'
    UNION ALL
    SELECT b.base_currency, 1 FROM exchange_exchangebackend b
    WHERE b.name = 'InvenTreeExchange'
      AND NOT EXISTS (SELECT FROM exchange_rate r
                      WHERE r.backend_id = b.name AND r.currency = b.base_currency)
), converted AS (
    SELECT t.id, t.currency, s.currency AS price_currency, s.amount,
           s.amount * CASE WHEN s.currency = t.currency THEN 1
                           ELSE (SELECT value FROM rates WHERE currency = t.currency)
                                / NULLIF((SELECT value FROM rates WHERE currency = s.currency), 0)
                      END AS in_target
    FROM target t
    LEFT JOIN sums s ON s.order_id = t.id
)
SELECT id AS "id!",
       currency AS "currency!",
       -- count() skips NULLs: a converted sum is missing exactly when its rate is.
       CASE WHEN count(amount) = count(in_target) THEN COALESCE(sum(in_target), 0) END::float8
           AS total_price,
       COALESCE(jsonb_agg(jsonb_build_object('currency', price_currency, 'total', amount::float8)
                          ORDER BY price_currency) FILTER (WHERE amount IS NOT NULL), '[]')
           AS "by_currency!: Json<Vec<CurrencyTotal>>"
FROM converted
GROUP BY id, currency
