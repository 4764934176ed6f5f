-- The lines of a sales order, with the stock allocated to each. A line is overdue while not
-- fully shipped past its target date, on an open order.
SELECT li.id,
       li.part_id AS part,
       p.name AS "part_name?",
       li.quantity::float8 AS "quantity!",
       li.shipped::float8 AS "shipped!",
       COALESCE((SELECT sum(a.quantity) FROM order_salesorderallocation a WHERE a.line_id = li.id),
                0)::float8 AS "allocated!",
       GREATEST(li.quantity - li.shipped, 0)::float8 AS "outstanding!",
       li.sale_price::float8 AS sale_price,
       li.sale_price_currency,
       li.reference,
       li.target_date,
       COALESCE(o.status IN (10, 15, 25) AND li.shipped < li.quantity
                AND li.target_date < CURRENT_DATE, false) AS "overdue!"
FROM order_salesorderlineitem li
JOIN order_salesorder o ON o.id = li.order_id
LEFT JOIN part_part p ON p.id = li.part_id
WHERE li.order_id = $1
ORDER BY li.line_int, li.id
