-- The latest tracking entries of a stock item, newest first, with the user who made them.
SELECT t.id, t.date, t.tracking_type, t.deltas, t.notes, u.username AS "user?"
FROM stock_stockitemtracking t
LEFT JOIN auth_user u ON u.id = t.user_id
WHERE t.item_id = $1
ORDER BY t.date DESC, t.id DESC
LIMIT $2
