-- Whether a purchase order already has this reference.
SELECT EXISTS (SELECT 1 FROM order_purchaseorder WHERE reference = $1) AS "taken!"
