-- The test templates of part $1 and of the parts it is a variant of, up the variant_of chain:
-- every template its stock items are tested against, required ones first.
WITH RECURSIVE lineage(part, depth) AS (
    SELECT $1::int, 0
    UNION ALL
    SELECT p.variant_of_id, l.depth + 1
    FROM lineage l
    JOIN part_part p ON p.id = l.part
    WHERE p.variant_of_id IS NOT NULL AND l.depth < 100
)
SELECT t.id, t.part_id AS part, t.test_name, t.key, t.description, t.required, t.enabled,
       t.requires_value, t.requires_attachment, t.choices
FROM lineage l
JOIN part_parttesttemplate t ON t.part_id = l.part
ORDER BY t.required DESC, t.test_name, t.id
