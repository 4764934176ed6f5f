-- The category a new part goes into.
SELECT id, pathstring, structural FROM part_partcategory WHERE id = $1 FOR SHARE
