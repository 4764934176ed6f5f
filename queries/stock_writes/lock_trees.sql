-- Serialises changes to stock item trees among writers of this server (InvenTree itself
-- takes no lock). Released when the transaction ends.
SELECT pg_advisory_xact_lock(hashtext('stock_stockitem'))
