-- A supplier part's price breaks, by quantity: from `quantity` packs on, each pack costs
-- `price` (in price_currency).
SELECT quantity::float8 AS "quantity!",
       price::float8 AS price,
       price_currency
FROM part_supplierpricebreak
WHERE part_id = $1
ORDER BY quantity
