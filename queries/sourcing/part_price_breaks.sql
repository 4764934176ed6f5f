-- A part's own price breaks by quantity: internal prices ('internal',
-- part_partinternalpricebreak) and sale prices ('sale', part_partsellpricebreak).
SELECT 'internal' AS "kind!", quantity::float8 AS "quantity!", price::float8 AS price,
       price_currency
FROM part_partinternalpricebreak WHERE part_id = $1
UNION ALL
SELECT 'sale', quantity::float8, price::float8, price_currency
FROM part_partsellpricebreak WHERE part_id = $1
ORDER BY 1, 2
