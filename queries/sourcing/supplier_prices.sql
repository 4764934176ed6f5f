-- What each active supplier part charges for a quantity of its part, for many parts at once:
-- $1 part ids and $2 quantities (in the part's units), paired by position. Used by
-- get_part_pricing (one part) and by the BOM costing (every component). Computed in numeric
-- as InvenTree's get_price does:
-- 1. Breaks are per supplier pack, so the order is in packs: the quantity / pack_quantity_native
--    rounded up to whole packs, then up to the order multiple (`multiple`, in packs).
--    pack_quantity_native NULL is InvenTree's default 1; InvenTree refuses packs <= 0 and
--    multiples < 1, taken here as 1.
-- 2. The break with the largest quantity at or below the packs ordered, else the smallest.
--    Breaks without a price are left out (InvenTree cannot price with them).
-- 3. total = price x packs + base_cost, in the break's currency (unconverted here).
WITH wanted AS (
    SELECT w.part, w.quantity, w.position
    FROM unnest($1::int[], $2::float8[]) WITH ORDINALITY AS w(part, quantity, position)
), sp AS (
    SELECT w.position, w.part, w.quantity AS wanted,
           sp.id, sp.supplier_id, s.name AS supplier_name, sp."SKU" AS sku,
           CASE WHEN sp.pack_quantity_native > 0 THEN sp.pack_quantity_native ELSE 1 END AS pack,
           GREATEST(sp.multiple, 1) AS multiple,
           sp.base_cost
    FROM wanted w
    JOIN part_supplierpart sp ON sp.part_id = w.part AND sp.active
    JOIN company_company s ON s.id = sp.supplier_id
), ordered AS (
    SELECT sp.*, ceil(ceil(sp.wanted::numeric / sp.pack) / sp.multiple) * sp.multiple AS packs
    FROM sp
)
SELECT o.part AS "part!",
       o.id AS "supplier_part!",
       o.supplier_id AS "supplier!",
       o.supplier_name AS "supplier_name!",
       o.sku AS "sku!",
       o.pack::float8 AS "pack_quantity_native!",
       o.multiple AS "multiple!",
       o.packs::float8 AS "packs!",
       (o.packs * o.pack)::float8 AS "quantity!",
       b.quantity::float8 AS "break_quantity?",
       b.price::float8 AS "price?",
       b.price_currency AS "price_currency?",
       (b.price / o.pack)::float8 AS "unit_price?",
       o.base_cost::float8 AS "base_cost!",
       (b.price * o.packs + o.base_cost)::float8 AS "total?"
FROM ordered o
LEFT JOIN LATERAL (
    SELECT b.quantity, b.price, b.price_currency
    FROM part_supplierpricebreak b
    WHERE b.part_id = o.id AND b.price IS NOT NULL
    ORDER BY b.quantity <= o.packs DESC,
             CASE WHEN b.quantity <= o.packs THEN b.quantity END DESC,
             b.quantity
    LIMIT 1
) b ON true
ORDER BY o.position, o.id
