-- Which of the serial numbers $2 stock already uses: within part $1's family (the parts of
-- its template tree, as InvenTree's serial check looks), or anywhere when $3
-- (SERIAL_NUMBER_GLOBALLY_UNIQUE).
SELECT DISTINCT si.serial AS "serial!"
FROM stock_stockitem si
JOIN part_part p ON p.id = si.part_id
WHERE si.serial = ANY($2::text[])
  AND ($3 OR p.tree_id = (SELECT tree_id FROM part_part WHERE id = $1))
ORDER BY 1
