-- A stock history entry, as StockItem.add_tracking_entry writes it.
INSERT INTO stock_stockitemtracking (date, notes, item_id, user_id, deltas, tracking_type, part_id)
SELECT now(), $2, si.id, $3, $4, $5, si.part_id
FROM stock_stockitem si
WHERE si.id = $1
RETURNING id, date, tracking_type, deltas, notes
