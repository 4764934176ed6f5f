-- The lines of a return order: the stock item returned, its part and serial, the outcome
-- (ReturnOrderLineStatus, with a custom state's label), and when it was received (NULL: not
-- yet).
SELECT li.id,
       li.item_id AS item,
       si.part_id AS part,
       p.name AS part_name,
       si.serial,
       si.batch,
       li.quantity::float8 AS "quantity!",
       li.outcome,
       custom.label AS "custom_outcome?",
       li.received_date,
       li.price::float8 AS price,
       li.price_currency,
       li.reference,
       li.notes,
       li.target_date
FROM order_returnorderlineitem li
JOIN stock_stockitem si ON si.id = li.item_id
JOIN part_part p ON p.id = si.part_id
LEFT JOIN common_inventreecustomuserstatemodel custom
       ON custom.key = li.outcome_custom_key AND custom.logical_key = li.outcome
      AND custom.reference_status = 'ReturnOrderLineStatus'
WHERE li.order_id = $1
ORDER BY li.line_int, li.id
