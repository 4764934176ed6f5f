-- For each stock item in $1: every test template of its part and the part's templates (up
-- the variant_of chain), with the item's latest result for it (by date, then id), as
-- InvenTree's requiredTestStatus reads them; and results for templates outside that chain.
WITH RECURSIVE lineage(item, part, depth) AS (
    SELECT s.id, s.part_id, 0 FROM stock_stockitem s WHERE s.id = ANY($1)
    UNION ALL
    SELECT l.item, p.variant_of_id, l.depth + 1
    FROM lineage l
    JOIN part_part p ON p.id = l.part
    WHERE p.variant_of_id IS NOT NULL AND l.depth < 100
),
templates AS (
    SELECT l.item, t.id, t.part_id, t.test_name, t.key, t.required, t.enabled,
           t.requires_value, t.requires_attachment
    FROM lineage l
    JOIN part_parttesttemplate t ON t.part_id = l.part
),
latest AS (
    SELECT DISTINCT ON (r.stock_item_id, t.key)
        r.stock_item_id AS item, t.key, t.id AS template, r.result, r.value, r.notes, r.date,
        u.username, count(*) OVER (PARTITION BY r.stock_item_id, t.key) AS results
    FROM stock_stockitemtestresult r
    JOIN part_parttesttemplate t ON t.id = r.template_id
    LEFT JOIN auth_user u ON u.id = r.user_id
    WHERE r.stock_item_id = ANY($1)
    ORDER BY r.stock_item_id, t.key, r.date DESC, r.id DESC
),
tests AS (
    SELECT tm.item, tm.id AS template, tm.test_name, tm.key, tm.required AND tm.enabled AS required,
           tm.enabled, tm.requires_value, tm.requires_attachment
    FROM templates tm
    UNION ALL
    -- A result for a template outside the item's chain (moved parts): shown, never required.
    SELECT la.item, t.id, t.test_name, t.key, false, t.enabled, t.requires_value,
           t.requires_attachment
    FROM latest la
    JOIN part_parttesttemplate t ON t.id = la.template
    WHERE NOT EXISTS (SELECT 1 FROM templates tm WHERE tm.item = la.item AND tm.key = la.key)
)
SELECT
    s.id AS item,
    s.part_id AS part,
    p.name AS part_name,
    s.serial,
    s.batch,
    te.template AS "template?",
    te.test_name AS "test_name?",
    te.key AS "key?",
    te.required AS "required?",
    te.enabled AS "enabled?",
    te.requires_value AS "requires_value?",
    te.requires_attachment AS "requires_attachment?",
    la.result AS "result?",
    la.value AS "value?",
    la.notes AS "notes?",
    la.date AS "date?",
    la.username AS "user?",
    la.results AS "results?"
FROM stock_stockitem s
JOIN part_part p ON p.id = s.part_id
LEFT JOIN tests te ON te.item = s.id AND (te.enabled OR te.required OR EXISTS (
    SELECT 1 FROM latest l2 WHERE l2.item = s.id AND l2.key = te.key))
LEFT JOIN latest la ON la.item = s.id AND la.key = te.key
WHERE s.id = ANY($1)
ORDER BY s.id, te.required DESC, te.test_name, te.template
