-- The shipments of a sales order, each with the stock allocated to it (shipped with it once
-- shipment_date is set, else still to ship). An allocation's part is its stock item's part,
-- as InvenTree's allocation API gives it (a variant of the line's part, possibly).
SELECT sh.id,
       sh.reference,
       sh.shipment_date,
       sh.delivery_date,
       sh.tracking_number,
       sh.invoice_number,
       sh.link,
       COALESCE((
           SELECT jsonb_agg(jsonb_build_object(
                      'id', a.id, 'line', a.line_id, 'part', si.part_id, 'part_name', p.name,
                      'item', a.item_id, 'serial', si.serial, 'batch', si.batch,
                      'quantity', a.quantity::float8) ORDER BY a.line_id, a.id)
           FROM order_salesorderallocation a
           JOIN stock_stockitem si ON si.id = a.item_id
           JOIN part_part p ON p.id = si.part_id
           WHERE a.shipment_id = sh.id), '[]') AS "allocations!: Json<Vec<ShipmentAllocation>>"
FROM order_salesordershipment sh
WHERE sh.order_id = $1
ORDER BY sh.id
