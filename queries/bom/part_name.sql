-- The name of a part, to head its BOM.
SELECT name FROM part_part WHERE id = $1
