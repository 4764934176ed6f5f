-- Serialises the numbering of new purchase orders among writers of this server, so that
-- two never draw the same reference. Released when the transaction ends.
SELECT pg_advisory_xact_lock(hashtext('order_purchaseorder'))
