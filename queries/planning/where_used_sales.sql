-- where_used: the lines of open sales orders (InvenTree's OPEN set 10, 15, 25) for any part
-- of $1 (the part and the assemblies using it) not yet shipped in full, newest order first.
SELECT o.id AS order_id,
       o.reference,
       o.customer_id AS customer,
       c.name AS "customer_name?",
       l.id AS line,
       l.part_id AS "part!",
       p.name AS part_name,
       (l.quantity - l.shipped)::float8 AS "outstanding!",
       COALESCE(l.target_date, o.target_date) AS target_date
FROM order_salesorderlineitem l
JOIN order_salesorder o ON o.id = l.order_id
JOIN part_part p ON p.id = l.part_id
LEFT JOIN company_company c ON c.id = o.customer_id
WHERE l.part_id = ANY($1::int[])
  AND o.status IN (10, 15, 25)
  AND l.quantity > l.shipped
ORDER BY o.reference_int DESC, o.reference DESC, l.id
