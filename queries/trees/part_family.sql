-- A part's id and, with $2, the ids of its variants at every depth; empty when $1 does not
-- exist. Resolved before a list query, so that the list is planned with the ids themselves.
WITH RECURSIVE family AS (
    SELECT id FROM part_part WHERE id = $1
    UNION
    SELECT p.id FROM part_part p JOIN family ON p.variant_of_id = family.id WHERE $2::bool
)
SELECT COALESCE(array_agg(id ORDER BY id), '{}') AS "ids!" FROM family
