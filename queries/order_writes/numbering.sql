-- What numbering a new purchase order needs (ReferenceIndexingMixin): the
-- PURCHASEORDER_REFERENCE_PATTERN setting (InvenTree's default 'PO-{ref:04d}' when unset),
-- the reference_int of the "most recent" order (highest reference_int, then highest id),
-- and PURCHASEORDER_REQUIRE_RESPONSIBLE (false when unset). Callers hold the numbering lock.
SELECT COALESCE((SELECT value FROM common_inventreesetting
                 WHERE key = 'PURCHASEORDER_REFERENCE_PATTERN'), 'PO-{ref:04d}') AS "pattern!",
       (SELECT reference_int FROM order_purchaseorder
        ORDER BY reference_int DESC, id DESC LIMIT 1) AS latest,
       COALESCE((SELECT lower(value) IN ('1', 'y', 'yes', 't', 'true', 'ok', 'on')
                 FROM common_inventreesetting WHERE key = 'PURCHASEORDER_REQUIRE_RESPONSIBLE'),
                false) AS "require_responsible!"
