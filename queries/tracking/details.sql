-- Tracking entries by id, with the user, the item's part, and what the deltas name decoded:
-- the location's path, the orders' references, the customer's name.
SELECT
    t.id,
    t.date,
    t.item_id AS "stock_item?",
    t.part_id AS "part?",
    p.name AS "part_name?",
    t.tracking_type,
    t.deltas,
    t.notes,
    u.username AS "user?",
    l.id AS "location_id?",
    l.pathstring AS "location_path?",
    po.id AS "purchase_order_id?",
    po.reference AS "purchase_order_reference?",
    so.id AS "sales_order_id?",
    so.reference AS "sales_order_reference?",
    ro.id AS "return_order_id?",
    ro.reference AS "return_order_reference?",
    b.id AS "build_id?",
    b.reference AS "build_reference?",
    c.id AS "customer_id?",
    c.name AS "customer_name?"
FROM stock_stockitemtracking t
LEFT JOIN part_part p ON p.id = t.part_id
LEFT JOIN auth_user u ON u.id = t.user_id
LEFT JOIN stock_stocklocation l
    ON jsonb_typeof(t.deltas -> 'location') = 'number' AND l.id = (t.deltas ->> 'location')::int
LEFT JOIN order_purchaseorder po
    ON jsonb_typeof(t.deltas -> 'purchaseorder') = 'number'
    AND po.id = (t.deltas ->> 'purchaseorder')::int
LEFT JOIN order_salesorder so
    ON jsonb_typeof(t.deltas -> 'salesorder') = 'number'
    AND so.id = (t.deltas ->> 'salesorder')::int
LEFT JOIN order_returnorder ro
    ON jsonb_typeof(t.deltas -> 'returnorder') = 'number'
    AND ro.id = (t.deltas ->> 'returnorder')::int
LEFT JOIN build_build b
    ON jsonb_typeof(t.deltas -> 'buildorder') = 'number' AND b.id = (t.deltas ->> 'buildorder')::int
LEFT JOIN company_company c
    ON jsonb_typeof(t.deltas -> 'customer') = 'number' AND c.id = (t.deltas ->> 'customer')::int
WHERE t.id = ANY($1)
ORDER BY t.date DESC, t.id DESC
