-- The lines of a build: what each BOM line requires for the whole build, what stock is
-- allocated to it and what has been consumed.
SELECT bl.id,
       bl.bom_item_id AS bom_item,
       bom.sub_part_id AS sub_part,
       p.name AS sub_part_name,
       bl.quantity::float8 AS "required!",
       COALESCE((SELECT sum(bi.quantity) FROM build_builditem bi WHERE bi.build_line_id = bl.id),
                0)::float8 AS "allocated!",
       bl.consumed::float8 AS "consumed!",
       bom.optional,
       bom.consumable
FROM build_buildline bl
JOIN part_bomitem bom ON bom.id = bl.bom_item_id
JOIN part_part p ON p.id = bom.sub_part_id
WHERE bl.build_id = $1
ORDER BY p.name, bl.id
