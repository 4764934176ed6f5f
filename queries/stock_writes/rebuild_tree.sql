-- Renumbers one stock item tree from its parent links, as django-mptt's partial rebuild
-- does: depth-first, lft/rght counted on entering and leaving each item, level the depth.
-- An item whose parent is gone becomes a root; every root after the first gets a tree of
-- its own (a new tree_id after the largest), since two roots may never share a tree_id.
-- Callers hold the stock tree advisory lock.
WITH RECURSIVE members AS (
    SELECT id, parent_id FROM stock_stockitem WHERE tree_id = $1
), roots AS (
    SELECT m.id, row_number() OVER (ORDER BY m.id) AS n
    FROM members m
    WHERE m.parent_id IS NULL OR m.parent_id NOT IN (SELECT id FROM members)
), top AS (
    SELECT COALESCE(max(tree_id), 0) AS tree_id FROM stock_stockitem
), walk AS (
    SELECT r.id, CASE WHEN r.n = 1 THEN $1 ELSE top.tree_id + r.n - 1 END AS tree,
           ARRAY[r.id] AS ids, 0 AS depth
    FROM roots r CROSS JOIN top
    UNION ALL
    SELECT m.id, w.tree, w.ids || m.id, w.depth + 1
    FROM members m
    JOIN walk w ON m.parent_id = w.id
    WHERE m.id <> ALL(w.ids)
), sizes AS (
    -- Each item counted once for itself and once for every ancestor on its path.
    SELECT w.ids[k] AS id, count(*) AS size
    FROM walk w, generate_subscripts(w.ids, 1) AS k
    GROUP BY 1
), numbered AS (
    SELECT w.id, w.tree, w.depth,
           row_number() OVER (PARTITION BY w.tree ORDER BY w.ids) - 1 AS pre,
           s.size
    FROM walk w
    JOIN sizes s ON s.id = w.id
)
UPDATE stock_stockitem s
SET tree_id = n.tree,
    level = n.depth,
    lft = 2 * n.pre - n.depth + 1,
    rght = 2 * n.pre - n.depth + 2 * n.size
FROM numbered n
WHERE n.id = s.id
