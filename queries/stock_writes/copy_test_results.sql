-- The test results of a split item's original, copied to it (StockItem.copyTestResultsFrom).
INSERT INTO stock_stockitemtestresult (result, value, date, stock_item_id, user_id, notes,
    attachment, metadata, template_id, finished_datetime, started_datetime, test_station)
SELECT result, value, date, $2, user_id, notes, attachment, metadata, template_id,
       finished_datetime, started_datetime, test_station
FROM stock_stockitemtestresult
WHERE stock_item_id = $1
