-- Locations by id, in the order given, with InvenTree's subtree counts: items_count counts
-- every stock item (any status or quantity) in the location and all below it, sublocations
-- every descendant, children_count the direct children. UNION ends the walk on a cycle.
WITH RECURSIVE want AS (
    SELECT id, ord FROM unnest($1::int[]) WITH ORDINALITY AS w(id, ord)
), subtree(root, id) AS (
    SELECT id, id FROM want
    UNION
    SELECT subtree.root, l.id FROM stock_stocklocation l JOIN subtree ON l.parent_id = subtree.id
)
SELECT l.id,
       l.name,
       l.description,
       l.parent_id AS parent,
       l.pathstring,
       l.level,
       l.structural,
       l.external,
       -- Counted through the location index over the subtree's ids: a join against the walk
       -- would be planned without knowing how many items it covers, and read them all.
       (SELECT count(*) FROM stock_stockitem si
        WHERE si.location_id = ANY(ARRAY(SELECT id FROM subtree WHERE root = l.id)))
           AS "items_count!",
       (SELECT count(*) FROM stock_stocklocation k WHERE k.parent_id = l.id) AS "children_count!",
       (SELECT count(*) FROM subtree WHERE root = l.id AND id <> l.id) AS "sublocations!"
FROM want
JOIN stock_stocklocation l ON l.id = want.id
ORDER BY want.ord
