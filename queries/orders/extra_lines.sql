-- The extra lines of an order (charges and credits beyond its parts: shipping, fees; a price
-- may be negative), in InvenTree's line order. $1 the kind of order ('purchase', 'sales' or
-- 'return'), $2 the order's id.
SELECT x.id AS "id!",
       x.reference AS "reference!",
       x.description AS "description!",
       x.notes AS "notes!",
       x.quantity::float8 AS "quantity!",
       x.price::float8 AS price,
       x.price_currency
FROM (
    SELECT id, reference, description, notes, quantity, price, price_currency, line_int
    FROM order_purchaseorderextraline WHERE $1::text = 'purchase' AND order_id = $2::int
    UNION ALL
    SELECT id, reference, description, notes, quantity, price, price_currency, line_int
    FROM order_salesorderextraline WHERE $1 = 'sales' AND order_id = $2
    UNION ALL
    SELECT id, reference, description, notes, quantity, price, price_currency, line_int
    FROM order_returnorderextraline WHERE $1 = 'return' AND order_id = $2
) x
ORDER BY x.line_int, x.id
