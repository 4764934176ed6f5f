-- BOM lines by id, in the order given, with what each requires to build $2 assemblies:
-- InvenTree's BomItem.get_required_quantity: quantity x N, times (1 + attrition %) when
-- attrition > 0, plus setup_quantity when > 0, rounded up to rounding_multiple when > 0.
WITH want AS (
    SELECT id, ord FROM unnest($1::int[]) WITH ORDINALITY AS w(id, ord)
)
SELECT b.id,
       b.part_id AS part,
       a.name AS part_name,
       b.sub_part_id AS sub_part,
       s.name AS sub_part_name,
       s."IPN" AS "sub_part_ipn?",
       b.quantity::float8 AS "quantity!",
       b.reference,
       b.note,
       b.optional,
       b.consumable,
       b.allow_variants,
       b.inherited,
       b.setup_quantity::float8 AS "setup_quantity!",
       b.attrition::float8 AS "attrition!",
       b.rounding_multiple::float8 AS rounding_multiple,
       r.required::float8 AS "required!"
FROM want
JOIN part_bomitem b ON b.id = want.id
JOIN part_part a ON a.id = b.part_id
JOIN part_part s ON s.id = b.sub_part_id
CROSS JOIN LATERAL (
    SELECT CASE WHEN b.rounding_multiple > 0
                THEN ceil(raw / b.rounding_multiple) * b.rounding_multiple
                ELSE raw END AS required
    FROM (SELECT b.quantity * $2::float8::numeric
                 * CASE WHEN b.attrition > 0 THEN 1 + b.attrition / 100 ELSE 1 END
                 + GREATEST(b.setup_quantity, 0) AS raw) q
) r
ORDER BY want.ord
