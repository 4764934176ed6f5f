-- Build orders by id, in the order given. overdue: active {10,20,25} with a target date of
-- today or earlier (InvenTree's Build.OVERDUE_FILTER uses <=).
WITH want AS (
    SELECT id, ord FROM unnest($1::int[]) WITH ORDINALITY AS w(id, ord)
)
SELECT b.id,
       b.reference,
       b.title,
       b.part_id AS part,
       p.name AS part_name,
       b.quantity,
       b.completed,
       b.status,
       custom.label AS "custom_status?",
       b.creation_date,
       b.target_date,
       b.completion_date,
       COALESCE(b.status IN (10, 20, 25) AND b.target_date <= CURRENT_DATE, false) AS "overdue!",
       b.batch,
       b.destination_id AS destination,
       d.pathstring AS "destination_path?",
       b.sales_order_id AS sales_order,
       b.parent_id AS parent,
       b.project_code_id AS project_code,
       pc.code AS "project_code_label?",
       b.notes
FROM want
JOIN build_build b ON b.id = want.id
JOIN part_part p ON p.id = b.part_id
LEFT JOIN stock_stocklocation d ON d.id = b.destination_id
LEFT JOIN common_projectcode pc ON pc.id = b.project_code_id
LEFT JOIN common_inventreecustomuserstatemodel custom
       ON custom.key = b.status_custom_key AND custom.logical_key = b.status
      AND custom.reference_status = 'BuildStatus'
ORDER BY want.ord
