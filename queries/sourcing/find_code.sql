-- find_part_by_code: every exact match of a code, each with what it matched and its part.
-- $1 the code, trimmed. Case-insensitive where InvenTree's lookups are (Django iexact:
-- UPPER(a) = UPPER(b)): MPN (the supplier-part MPN filter), IPN (the part IPN filter) and
-- name (InvenTree looks names up with iregex only); the SKU exactly, as the SKU filter and
-- the supplier barcode plugins do.
-- Barcodes, as InvenTree's own barcode plugin resolves them: $3/$4 the (model, pk) pairs of
-- an InvenTree JSON barcode ({"part": 12}), parsed by the caller; the short form
-- <SHORT_BARCODE_PREFIX><code><pk> (INV-PA12; the prefix is the plugin's setting, 'INV-' by
-- default); and assigned barcodes: barcode_hash = md5 of $2 (the scanned data with
-- InvenTree's hash_barcode cleaning already applied), or barcode_data equal to the code.
WITH prefix AS (
    SELECT COALESCE(
        (SELECT s.value FROM plugin_pluginsetting s
         JOIN plugin_pluginconfig c ON c.id = s.plugin_id
         WHERE c.key = 'inventreebarcode' AND s.key = 'SHORT_BARCODE_PREFIX'),
        'INV-') AS prefix
), short AS (
    SELECT CASE left(rest, 2)
               WHEN 'PA' THEN 'part'
               WHEN 'SI' THEN 'stockitem'
               WHEN 'SL' THEN 'stocklocation'
               WHEN 'SP' THEN 'supplierpart'
               WHEN 'MP' THEN 'manufacturerpart'
           END AS label,
           -- Digits past an int's ten (leading zeros aside) name no row.
           CASE WHEN length(ltrim(substr(rest, 3), '0')) <= 10
                THEN NULLIF(ltrim(substr(rest, 3), '0'), '')::int8 END AS pk
    FROM (SELECT substr($1, length(prefix) + 1) AS rest FROM prefix
          WHERE starts_with($1, prefix)) r
    WHERE rest ~ '^[0-9A-Z $%*+,./:-]{2}[0-9]+$'
), internal AS (
    -- An id out of range matches nothing (InvenTree: DoesNotExist).
    SELECT label, CASE WHEN pk BETWEEN 1 AND 2147483647 THEN pk::int END AS pk
    FROM (SELECT label, pk FROM unnest($3::text[], $4::int8[]) AS j(label, pk)
          UNION
          SELECT label, pk FROM short WHERE label IS NOT NULL) ids
), hash AS (
    SELECT md5($2) AS h
), found AS (
    SELECT 1 AS ord, 'SKU' AS matched, 'supplierpart' AS model, sp.id AS pk, sp.part_id,
           sp.supplier_id AS company_id, NULL::int AS location_id
    FROM part_supplierpart sp WHERE sp."SKU" = $1
    UNION ALL
    SELECT 2, 'MPN', 'manufacturerpart', mp.id, mp.part_id, mp.manufacturer_id, NULL
    FROM company_manufacturerpart mp WHERE upper(mp."MPN") = upper($1)
    UNION ALL
    SELECT 3, 'IPN', 'part', p.id, p.id, NULL, NULL
    FROM part_part p WHERE upper(p."IPN") = upper($1)
    UNION ALL
    SELECT 4, 'name', 'part', p.id, p.id, NULL, NULL
    FROM part_part p WHERE upper(p.name) = upper($1)
    UNION ALL
    SELECT 5, 'InvenTree barcode', 'part', p.id, p.id, NULL, NULL
    FROM internal i JOIN part_part p ON p.id = i.pk WHERE i.label = 'part'
    UNION ALL
    SELECT 5, 'InvenTree barcode', 'stockitem', si.id, si.part_id, NULL, si.location_id
    FROM internal i JOIN stock_stockitem si ON si.id = i.pk WHERE i.label = 'stockitem'
    UNION ALL
    SELECT 5, 'InvenTree barcode', 'stocklocation', l.id, NULL, NULL, l.id
    FROM internal i JOIN stock_stocklocation l ON l.id = i.pk WHERE i.label = 'stocklocation'
    UNION ALL
    SELECT 5, 'InvenTree barcode', 'supplierpart', sp.id, sp.part_id, sp.supplier_id, NULL
    FROM internal i JOIN part_supplierpart sp ON sp.id = i.pk WHERE i.label = 'supplierpart'
    UNION ALL
    SELECT 5, 'InvenTree barcode', 'manufacturerpart', mp.id, mp.part_id, mp.manufacturer_id, NULL
    FROM internal i JOIN company_manufacturerpart mp ON mp.id = i.pk
    WHERE i.label = 'manufacturerpart'
    UNION ALL
    SELECT 6, 'barcode', 'part', p.id, p.id, NULL, NULL
    FROM part_part p, hash WHERE p.barcode_hash = hash.h OR p.barcode_data = $1
    UNION ALL
    SELECT 6, 'barcode', 'stockitem', si.id, si.part_id, NULL, si.location_id
    FROM stock_stockitem si, hash WHERE si.barcode_hash = hash.h OR si.barcode_data = $1
    UNION ALL
    SELECT 6, 'barcode', 'stocklocation', l.id, NULL, NULL, l.id
    FROM stock_stocklocation l, hash WHERE l.barcode_hash = hash.h OR l.barcode_data = $1
    UNION ALL
    SELECT 6, 'barcode', 'supplierpart', sp.id, sp.part_id, sp.supplier_id, NULL
    FROM part_supplierpart sp, hash WHERE sp.barcode_hash = hash.h OR sp.barcode_data = $1
    UNION ALL
    SELECT 6, 'barcode', 'manufacturerpart', mp.id, mp.part_id, mp.manufacturer_id, NULL
    FROM company_manufacturerpart mp, hash WHERE mp.barcode_hash = hash.h OR mp.barcode_data = $1
)
SELECT f.matched AS "matched!",
       f.model AS "model!",
       f.pk AS "pk!",
       f.part_id AS "part?",
       p.name AS "part_name?",
       p."IPN" AS "ipn?",
       p.active AS "part_active?",
       f.company_id AS "company?",
       c.name AS "company_name?",
       f.location_id AS "location?",
       l.pathstring AS "location_path?"
FROM found f
LEFT JOIN part_part p ON p.id = f.part_id
LEFT JOIN company_company c ON c.id = f.company_id
LEFT JOIN stock_stocklocation l ON l.id = f.location_id
ORDER BY f.ord, f.model, f.pk
