-- Categories by id, in the order given, with InvenTree's subtree counts: parts_count counts
-- every part (active or not) in the category and all below it, subcategories every
-- descendant, children_count the direct children. UNION ends the walk on a cycle.
WITH RECURSIVE want AS (
    SELECT id, ord FROM unnest($1::int[]) WITH ORDINALITY AS w(id, ord)
), subtree(root, id) AS (
    SELECT id, id FROM want
    UNION
    SELECT subtree.root, c.id FROM part_partcategory c JOIN subtree ON c.parent_id = subtree.id
)
SELECT c.id,
       c.name,
       c.description,
       c.parent_id AS parent,
       c.pathstring,
       c.level,
       c.structural,
       -- Counted through the category index over the subtree's ids: a join against the walk
       -- would be planned without knowing how many parts it covers, and read them all.
       (SELECT count(*) FROM part_part p
        WHERE p.category_id = ANY(ARRAY(SELECT id FROM subtree WHERE root = c.id)))
           AS "parts_count!",
       (SELECT count(*) FROM part_partcategory k WHERE k.parent_id = c.id) AS "children_count!",
       (SELECT count(*) FROM subtree WHERE root = c.id AND id <> c.id) AS "subcategories!"
FROM want
JOIN part_partcategory c ON c.id = want.id
ORDER BY want.ord
