-- The company a new purchase order is placed with, kept from deletion until the transaction
-- ends.
SELECT id, name, is_supplier FROM company_company WHERE id = $1 FOR SHARE
