-- The part a new stock item is of, kept from deletion until the transaction ends, with what
-- InvenTree checks and defaults from it.
SELECT id, name, virtual AS is_virtual, trackable, tree_id, default_location_id, default_expiry
FROM part_part
WHERE id = $1
FOR SHARE
