-- What SupplierPart.get_price charges for $2 supplier packs of supplier part $1
-- (common/currency.py get_price, which PurchaseOrderLineItem.update_pricing calls): a whole
-- quantity rounded up to the order multiple; the break with the largest quantity at or
-- below it, else the smallest (breaks without a price left out); the break's price per
-- pack in its own currency (the caller converts it), the rounded quantity and base_cost.
-- No row when the supplier part has no priced break.
WITH sp AS (
    SELECT id, GREATEST(multiple, 1) AS multiple, base_cost FROM part_supplierpart WHERE id = $1
), wanted AS (
    SELECT sp.id, sp.base_cost,
           CASE WHEN $2::float8::numeric = trunc($2::float8::numeric)
                THEN ceil($2::float8::numeric / sp.multiple) * sp.multiple
                ELSE $2::float8::numeric
           END AS quantity
    FROM sp
)
SELECT b.price::float8 AS "price!",
       b.price_currency,
       w.quantity::float8 AS "quantity!",
       w.base_cost::float8 AS "base_cost!"
FROM wanted w
JOIN LATERAL (
    SELECT b.price, b.price_currency
    FROM part_supplierpricebreak b
    WHERE b.part_id = w.id AND b.price IS NOT NULL
    ORDER BY b.quantity <= w.quantity DESC,
             CASE WHEN b.quantity <= w.quantity THEN b.quantity END DESC,
             b.quantity
    LIMIT 1
) b ON true
