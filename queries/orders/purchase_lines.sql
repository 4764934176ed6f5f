-- The lines of a purchase order. Quantities are in the supplier's packs; part_quantity and
-- part_received convert them to the part's own units (pack_quantity_native), as "on order"
-- does. A line is overdue while not fully received past its target date.
SELECT li.id,
       sp.part_id AS "part?",
       p.name AS "part_name?",
       li.part_id AS supplier_part,
       sp."SKU" AS "sku?",
       li.quantity::float8 AS "quantity!",
       li.received::float8 AS "received!",
       GREATEST(li.quantity - li.received, 0)::float8 AS "outstanding!",
       (li.quantity * COALESCE(sp.pack_quantity_native, 1))::float8 AS "part_quantity!",
       (li.received * COALESCE(sp.pack_quantity_native, 1))::float8 AS "part_received!",
       li.purchase_price::float8 AS purchase_price,
       li.purchase_price_currency,
       li.reference,
       li.target_date,
       COALESCE(li.received < li.quantity AND li.target_date < CURRENT_DATE, false) AS "overdue!"
FROM order_purchaseorderlineitem li
LEFT JOIN part_supplierpart sp ON sp.id = li.part_id
LEFT JOIN part_part p ON p.id = sp.part_id
WHERE li.order_id = $1
ORDER BY li.line_int, li.id
