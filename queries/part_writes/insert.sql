-- A new part as InvenTree's part API creates it: the given fields, the model's defaults for
-- every other column (empty strings where the API stores them, no notes, no image),
-- creation date and user, empty metadata, and a tree of its own in the variant tree
-- (tree_id after the largest, as InvenTree's bulk paths assign it).
INSERT INTO part_part (
    name, description, keywords, "IPN", link, image, minimum_stock, units, trackable,
    purchaseable, salable, active, notes, bom_checksum, bom_checked_date, bom_checked_by_id,
    category_id, default_location_id, is_template, variant_of_id, assembly, component, virtual,
    revision, creation_date, creation_user_id, level, lft, rght, tree_id, default_expiry,
    base_cost, multiple, metadata, barcode_data, barcode_hash, responsible_owner_id, locked,
    revision_of_id, testable, bom_validated, maximum_stock)
VALUES (
    $1, $2, '', $3, '', '', 0, $4, $5,
    $6, $7, $8, NULL, '', NULL, NULL,
    $9, NULL, false, NULL, $10, $11, $12,
    $13, CURRENT_DATE, $14, 0, 1, 2, (SELECT COALESCE(max(tree_id), 0) + 1 FROM part_part), 0,
    0, 1, '{}', '', '', NULL, false,
    NULL, false, false, 0)
RETURNING id
