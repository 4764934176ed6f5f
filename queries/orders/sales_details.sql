-- Sales orders by id, in the order given. overdue: open {10,15,25} with a target date
-- before today (InvenTree's Order.overdue_filter). Totals come from totals.sql.
WITH want AS (
    SELECT id, ord FROM unnest($1::int[]) WITH ORDINALITY AS w(id, ord)
)
SELECT o.id,
       o.reference,
       o.customer_id AS customer,
       c.name AS "customer_name?",
       o.customer_reference,
       o.status,
       custom.label AS "custom_status?",
       o.description,
       o.project_code_id AS project_code,
       pc.code AS "project_code_label?",
       pc.description AS "project_code_description?",
       o.creation_date,
       o.issue_date,
       o.target_date,
       o.shipment_date,
       COALESCE(o.status IN (10, 15, 25) AND o.target_date < CURRENT_DATE, false) AS "overdue!",
       (SELECT count(*) FROM order_salesorderlineitem li WHERE li.order_id = o.id) AS "line_count!",
       (SELECT count(*) FROM order_salesorderlineitem li
        WHERE li.order_id = o.id AND li.shipped >= li.quantity) AS "completed_lines!"
FROM want
JOIN order_salesorder o ON o.id = want.id
LEFT JOIN company_company c ON c.id = o.customer_id
LEFT JOIN common_projectcode pc ON pc.id = o.project_code_id
LEFT JOIN common_inventreecustomuserstatemodel custom
       ON custom.key = o.status_custom_key AND custom.logical_key = o.status
      AND custom.reference_status = 'SalesOrderStatus'
ORDER BY want.ord
