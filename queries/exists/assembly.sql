-- Whether part $1 is an assembly (null: no such part), when its BOM is empty.
SELECT assembly FROM part_part WHERE id = $1
