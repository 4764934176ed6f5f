-- where_used: the active build orders (InvenTree's ACTIVE_CODES 10, 20, 25) of the assemblies
-- $1, or with a line made from one of the BOM lines $2 (those using the part itself), newest
-- reference first. part_needed: over the build's lines from $2, quantity less consumed
-- (NULL when the build has none: it needs the part only through its sub-assemblies).
SELECT b.id,
       b.reference,
       b.part_id AS part,
       p.name AS part_name,
       b.status,
       custom.label AS "custom_status?",
       b.quantity,
       b.completed,
       GREATEST(b.quantity - b.completed, 0) AS "remaining!",
       (SELECT sum(GREATEST(l.quantity - l.consumed, 0))::float8
        FROM build_buildline l
        WHERE l.build_id = b.id AND l.bom_item_id = ANY($2::int[])) AS part_needed
FROM build_build b
JOIN part_part p ON p.id = b.part_id
LEFT JOIN common_inventreecustomuserstatemodel custom
       ON custom.key = b.status_custom_key AND custom.logical_key = b.status
      AND custom.reference_status = 'BuildStatus'
WHERE b.status IN (10, 20, 25)
  AND (b.part_id = ANY($1::int[])
       OR b.id IN (SELECT l.build_id FROM build_buildline l WHERE l.bom_item_id = ANY($2::int[])))
ORDER BY b.reference_int DESC, b.reference DESC
