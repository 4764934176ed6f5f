-- Purchase orders by id, in the order given. overdue: open {10,20,25} with a target date
-- before today (InvenTree's Order.overdue_filter). Totals come from totals.sql.
WITH want AS (
    SELECT id, ord FROM unnest($1::int[]) WITH ORDINALITY AS w(id, ord)
)
SELECT o.id,
       o.reference,
       o.supplier_id AS supplier,
       s.name AS "supplier_name?",
       o.supplier_reference,
       o.status,
       custom.label AS "custom_status?",
       o.description,
       o.project_code_id AS project_code,
       pc.code AS "project_code_label?",
       pc.description AS "project_code_description?",
       o.creation_date,
       o.issue_date,
       o.target_date,
       o.complete_date,
       COALESCE(o.status IN (10, 20, 25) AND o.target_date < CURRENT_DATE, false) AS "overdue!",
       (SELECT count(*) FROM order_purchaseorderlineitem li WHERE li.order_id = o.id) AS "line_count!",
       (SELECT count(*) FROM order_purchaseorderlineitem li
        WHERE li.order_id = o.id AND li.received >= li.quantity) AS "completed_lines!"
FROM want
JOIN order_purchaseorder o ON o.id = want.id
LEFT JOIN company_company s ON s.id = o.supplier_id
LEFT JOIN common_projectcode pc ON pc.id = o.project_code_id
LEFT JOIN common_inventreecustomuserstatemodel custom
       ON custom.key = o.status_custom_key AND custom.logical_key = o.status
      AND custom.reference_status = 'PurchaseOrderStatus'
ORDER BY want.ord
