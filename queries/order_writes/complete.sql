-- InvenTree's completion of an order on receipt (PURCHASEORDER_AUTO_COMPLETE): once no line
-- is short (received < quantity), the placed order becomes complete (30, custom state
-- cleared) with today's completion date, received by the caller; `updated_at` as every
-- save sets it. No row when a line is still short.
UPDATE order_purchaseorder o
SET status = 30, status_custom_key = NULL, complete_date = CURRENT_DATE, received_by_id = $2,
    updated_at = now()
WHERE o.id = $1
  AND o.status = 20
  AND NOT EXISTS (SELECT 1 FROM order_purchaseorderlineitem li
                  WHERE li.order_id = o.id AND li.received < li.quantity)
RETURNING o.id
