-- A large generated inventory on top of the demo inventory, for benchmarks. Deterministic:
-- every value is a function of the row number. {PARTS} and {STOCK_ITEMS} are replaced by
-- whole numbers before the script runs, and the part's category and the stock item's
-- location by the profile's expressions (of i, the part's number, and j, the stock item's).
-- Ids start far above the demo's.

-- 500 categories, 5 levels: 5 roots, 4 children each (heap layout: node i > 5 hangs below
-- node (i - 6) / 4 + 1).
INSERT INTO part_partcategory (id, name, description, parent_id, structural, level, lft, rght,
                               tree_id, pathstring, metadata)
SELECT 1000 + i, 'Category ' || i, 'Generated category ' || i,
       CASE WHEN i <= 5 THEN NULL ELSE 1000 + (i - 6) / 4 + 1 END, false, 0, 0, 0, 0, '', '{}'
FROM generate_series(1, 500) AS i;

-- 2,000 locations, 4 levels: 10 roots, 8 children each.
INSERT INTO stock_stocklocation (id, name, description, parent_id, structural, external, level,
                                 lft, rght, tree_id, pathstring, barcode_data, barcode_hash,
                                 metadata)
SELECT 2000 + i, 'Location ' || i, 'Generated location ' || i,
       CASE WHEN i <= 10 THEN NULL ELSE 2000 + (i - 11) / 8 + 1 END, false, i % 97 = 0,
       0, 0, 0, 0, '', '', '', '{}'
FROM generate_series(1, 2000) AS i;

-- Parts: every 50th (from the 1st) a template with the next three as its variants; every
-- 20th an assembly; every 37th inactive. Categories by the profile.
INSERT INTO part_part (id, name, description, "IPN", revision, category_id, active, is_template,
                       variant_of_id, assembly, component, purchaseable, salable, trackable,
                       virtual, units, keywords, minimum_stock, locked, testable, bom_validated,
                       bom_checksum, default_expiry, base_cost, multiple, maximum_stock,
                       barcode_data, barcode_hash, creation_date, creation_user_id, metadata,
                       link, image, level, lft, rght, tree_id)
SELECT 100000 + i,
       'Part ' || i,
       'Generated ' || (ARRAY['resistor', 'capacitor', 'connector', 'sensor', 'screw', 'module'])[i % 6 + 1]
           || ' number ' || i,
       'GP-' || lpad(i::text, 7, '0'), '', {CATEGORY_OF_PART}, i % 37 <> 0, i % 50 = 1,
       CASE WHEN i % 50 IN (2, 3, 4) THEN 100000 + i - (i % 50) + 1 END,
       i % 20 = 0, true, true, i % 20 = 0, false, false, '',
       (ARRAY['smd', 'tht', 'passive', 'active', 'mechanical', 'rf'])[i % 6 + 1], i % 10,
       false, false, false, '', 0, 0, 1, 0, '', '', DATE '2026-01-01', 1, '{}', '', '',
       CASE WHEN i % 50 IN (2, 3, 4) THEN 1 ELSE 0 END,
       CASE WHEN i % 50 IN (2, 3, 4) THEN 2 * (i % 50 - 1) ELSE 1 END,
       CASE WHEN i % 50 IN (2, 3, 4) THEN 2 * (i % 50 - 1) + 1
            WHEN i % 50 = 1 AND i + 3 <= {PARTS} THEN 8
            WHEN i % 50 = 1 THEN 2 * least({PARTS} - i, 3) + 2
            ELSE 2 END,
       CASE WHEN i % 50 IN (2, 3, 4) THEN 100000 + i - (i % 50) + 1 ELSE 100000 + i END
FROM generate_series(1, {PARTS}) AS i;

-- BOMs, three levels: every 20th part (an assembly) takes the five parts before it; every
-- 100th also takes the assemblies 20 and 40 before it.
INSERT INTO part_bomitem (part_id, sub_part_id, quantity, note, reference, checksum, optional,
                          inherited, allow_variants, consumable, validated, attrition,
                          rounding_multiple, setup_quantity, raw_amount, metadata)
SELECT 100000 + a, 100000 + a - k, 1 + k % 3, '', 'R' || k, '', k = 5, false, false, false,
       false, 0, NULL::numeric, 0, '', '{}'::jsonb
FROM generate_series(20, {PARTS}, 20) AS a, generate_series(1, 5) AS k
UNION ALL
SELECT 100000 + a, 100000 + a - k, 1, '', 'SUB' || k, '', false, false, false, false, false,
       0, NULL::numeric, 0, '', '{}'::jsonb
FROM generate_series(100, {PARTS}, 100) AS a, (VALUES (20), (40)) AS sub(k);

-- A supplier part for every 10th part, on order from 200 purchase orders.
INSERT INTO part_supplierpart ("SKU", base_cost, multiple, part_id, supplier_id, available,
                               barcode_data, barcode_hash, pack_quantity, pack_quantity_native,
                               active, "primary", metadata)
SELECT 'GEN-' || i, 0, 1, 100000 + i, 1, 0, '', '', '1', 1, true, true, '{}'
FROM generate_series(10, {PARTS}, 10) AS i;

INSERT INTO order_purchaseorder (reference, reference_int, description, link, status, supplier_id,
                                 supplier_reference, creation_date, target_date, barcode_data,
                                 barcode_hash, metadata)
SELECT 'GPO-' || lpad(o::text, 5, '0'), 1000 + o, 'Generated order ' || o, '',
       (ARRAY[10, 20, 25, 30, 40])[o % 5 + 1], 1, '', DATE '2026-06-01', DATE '2026-12-01', '',
       '', '{}'
FROM generate_series(1, 200) AS o;

INSERT INTO order_purchaseorderlineitem (quantity, reference, received, order_id, part_id, notes,
                                         link, line, line_int, metadata)
SELECT 100, '', (o * l) % 100, po.id, sp.id, '', '', l::text, l, '{}'
FROM generate_series(1, 200) AS o
CROSS JOIN generate_series(1, 5) AS l
JOIN order_purchaseorder po ON po.reference = 'GPO-' || lpad(o::text, 5, '0')
JOIN part_supplierpart sp ON sp."SKU" = 'GEN-' || (((o * 5 + l) % ({PARTS} / 10)) * 10 + 10);

-- Stock items: parts spread by multiplicative hashing, locations by the profile; one in ten
-- is not in stock by InvenTree's rules (Lost, Destroyed, Rejected, Quarantined), a few are Attention,
-- Damaged or Returned.
INSERT INTO stock_stockitem (part_id, location_id, quantity, status, serial, serial_int, batch,
                             notes, is_building, link, delete_on_deplete, barcode_data,
                             barcode_hash, metadata, updated, creation_date, level, lft, rght,
                             tree_id)
SELECT 100000 + ((j::bigint * 7919) % {PARTS}) + 1,
       {LOCATION_OF_ITEM},
       (j::bigint * 31) % 500 + 1,
       CASE j % 50 WHEN 0 THEN 70 WHEN 1 THEN 60 WHEN 2 THEN 65 WHEN 3 THEN 75 WHEN 4 THEN 70
                   WHEN 5 THEN 50 WHEN 6 THEN 55 WHEN 7 THEN 85 ELSE 10 END,
       NULL, 0, 'B' || (j % 1000), NULL, false, '', true, '', '', '{}',
       TIMESTAMPTZ '2026-06-01 00:00+00', TIMESTAMPTZ '2026-06-01 00:00+00', 0, 1, 2, 1000 + j
FROM generate_series(1, {STOCK_ITEMS}) AS j;

-- Tags on every 10th part.
INSERT INTO taggit_tag (name, slug)
SELECT 'gen-' || t, 'gen-' || t FROM generate_series(1, 20) AS t;
INSERT INTO taggit_taggeditem (object_id, content_type_id, tag_id)
SELECT 100000 + i, 1, tag.id
FROM generate_series(10, {PARTS}, 10) AS i
JOIN taggit_tag tag ON tag.name = 'gen-' || (i / 10 % 20 + 1);

-- Tree columns and pathstrings of the generated categories and locations (nested sets as
-- django-mptt lays them out, siblings by name).
WITH RECURSIVE walk AS (
    SELECT id, ARRAY[id] AS ids, ARRAY[name::text] AS names, 0 AS depth
    FROM part_partcategory WHERE id > 1000 AND parent_id IS NULL
    UNION ALL
    SELECT c.id, w.ids || c.id, w.names || c.name::text, w.depth + 1
    FROM part_partcategory c JOIN walk w ON c.parent_id = w.id
), sizes AS (
    SELECT w.ids[k] AS id, count(*) AS size
    FROM walk w, generate_subscripts(w.ids, 1) AS k GROUP BY 1
), numbered AS (
    SELECT w.id, w.depth, w.names, s.size,
           1000 + dense_rank() OVER (ORDER BY w.names[1], w.ids[1]) AS tree,
           row_number() OVER (PARTITION BY w.ids[1] ORDER BY w.names, w.ids) - 1 AS pre
    FROM walk w JOIN sizes s ON s.id = w.id
)
UPDATE part_partcategory c
SET tree_id = n.tree, level = n.depth, lft = 2 * n.pre - n.depth + 1,
    rght = 2 * n.pre - n.depth + 2 * n.size, pathstring = array_to_string(n.names, '/')
FROM numbered n WHERE n.id = c.id;

WITH RECURSIVE walk AS (
    SELECT id, ARRAY[id] AS ids, ARRAY[name::text] AS names, 0 AS depth
    FROM stock_stocklocation WHERE id > 2000 AND parent_id IS NULL
    UNION ALL
    SELECT l.id, w.ids || l.id, w.names || l.name::text, w.depth + 1
    FROM stock_stocklocation l JOIN walk w ON l.parent_id = w.id
), sizes AS (
    SELECT w.ids[k] AS id, count(*) AS size
    FROM walk w, generate_subscripts(w.ids, 1) AS k GROUP BY 1
), numbered AS (
    SELECT w.id, w.depth, w.names, s.size,
           1000 + dense_rank() OVER (ORDER BY w.names[1], w.ids[1]) AS tree,
           row_number() OVER (PARTITION BY w.ids[1] ORDER BY w.names, w.ids) - 1 AS pre
    FROM walk w JOIN sizes s ON s.id = w.id
)
UPDATE stock_stocklocation l
SET tree_id = n.tree, level = n.depth, lft = 2 * n.pre - n.depth + 1,
    rght = 2 * n.pre - n.depth + 2 * n.size, pathstring = array_to_string(n.names, '/')
FROM numbered n WHERE n.id = l.id;

-- Identity sequences continue after the fixed ids.
SELECT setval(pg_get_serial_sequence('part_partcategory', 'id'), (SELECT max(id) FROM part_partcategory));
SELECT setval(pg_get_serial_sequence('stock_stocklocation', 'id'), (SELECT max(id) FROM stock_stocklocation));
SELECT setval(pg_get_serial_sequence('part_part', 'id'), (SELECT max(id) FROM part_part));
