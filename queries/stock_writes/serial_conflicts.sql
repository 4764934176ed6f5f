-- Which of the serials are taken (Part.find_conflicting_serial_numbers): by any stock item of
-- the part's variant tree, or of any part where serials are globally unique.
SELECT DISTINCT si.serial AS "serial!"
FROM stock_stockitem si
JOIN part_part p ON p.id = si.part_id
WHERE si.serial = ANY($1::text[])
  AND ($3::bool OR p.tree_id = $2::int)
ORDER BY 1
