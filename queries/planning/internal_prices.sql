-- bom_cost: the internal price of $2[i] units of part $1[i], for the parts InvenTree prices
-- with it in BOMs: only when PART_INTERNAL_PRICE and PART_BOM_USE_INTERNAL_PRICE are both
-- on (no rows otherwise), and only parts with a priced internal break. As
-- Part.get_internal_price (InvenTree's get_price) computes it:
-- 1. A whole quantity is rounded up to the part's multiple (InvenTree refuses multiples
--    below 1, taken here as 1); a fractional one is kept.
-- 2. The break with the largest quantity at or below it, else the smallest.
-- 3. total = price x quantity + the part's base_cost, in the break's currency.
WITH enabled AS (
    SELECT count(*) = 2 AS enabled
    FROM common_inventreesetting
    WHERE key IN ('PART_INTERNAL_PRICE', 'PART_BOM_USE_INTERNAL_PRICE')
      AND lower(value) IN ('1', 'y', 'yes', 't', 'true', 'ok', 'on')
), wanted AS (
    SELECT p.id AS part, p.base_cost,
           CASE WHEN w.quantity = trunc(w.quantity)
                THEN ceil(w.quantity::numeric / GREATEST(p.multiple, 1)) * GREATEST(p.multiple, 1)
                ELSE w.quantity::numeric END AS quantity
    FROM unnest($1::int[], $2::float8[]) AS w(part, quantity)
    JOIN part_part p ON p.id = w.part
    WHERE (SELECT enabled FROM enabled)
)
SELECT w.part AS "part!",
       b.quantity::float8 AS "break_quantity!",
       b.price::float8 AS "price!",
       b.price_currency AS "price_currency?",
       (b.price * w.quantity + w.base_cost)::float8 AS "total!"
FROM wanted w
JOIN LATERAL (
    SELECT b.quantity, b.price, b.price_currency
    FROM part_partinternalpricebreak b
    WHERE b.part_id = w.part AND b.price IS NOT NULL
    ORDER BY b.quantity <= w.quantity DESC,
             CASE WHEN b.quantity <= w.quantity THEN b.quantity END DESC,
             b.quantity
    LIMIT 1
) b ON true
