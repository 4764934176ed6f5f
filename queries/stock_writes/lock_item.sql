-- The stock item a write is about, locked until the transaction ends, with what InvenTree
-- checks before adjusting or moving it.
SELECT si.id,
       si.part_id,
       p.name AS part_name,
       p.trackable,
       si.quantity::float8 AS "quantity!",
       si.serial,
       si.location_id,
       si.parent_id,
       si.tree_id,
       si.sales_order_id,
       si.belongs_to_id,
       si.customer_id,
       si.consumed_by_id,
       si.is_building,
       si.delete_on_deplete,
       EXISTS (SELECT 1 FROM stock_stockitem c WHERE c.belongs_to_id = si.id) AS "has_installed!",
       COALESCE((SELECT lower(value) IN ('1', 'y', 'yes', 't', 'true', 'ok', 'on')
                 FROM common_inventreesetting WHERE key = 'STOCK_ALLOW_OUT_OF_STOCK_TRANSFER'),
                false) AS "allow_out_of_stock!"
FROM stock_stockitem si
JOIN part_part p ON p.id = si.part_id
WHERE si.id = $1
FOR UPDATE OF si
