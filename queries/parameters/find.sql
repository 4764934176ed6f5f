-- find_parts_by_parameters: the parts passing every filter, in a category's subtree or
-- anywhere; how many (counted up to $10) and the ids of the requested page, by name.
-- Each filter (one element of $2..$7) tests the parameter rows of its template $2: a row
-- passes when data_numeric lies in [$4, $5], or data equals $6 (when a range is given too,
-- only on a row without a numeric value, as InvenTree's filter does), or upper(data) is
-- LIKE upper($7); NULL turns an arm off. A filter passes for a part with a passing row; a
-- negated one ($3, for ne) for a part without one, so parts lacking the template pass it,
-- as InvenTree's exclude() lets them. $1 category (NULL: any), $8 limit, $9 offset.
WITH RECURSIVE categories AS (
    SELECT id FROM part_partcategory WHERE id = $1
    UNION
    SELECT c.id FROM part_partcategory c JOIN categories ON c.parent_id = categories.id
), filters AS MATERIALIZED (
    SELECT *
    FROM unnest($2::int[], $3::bool[], $4::float8[], $5::float8[], $6::text[], $7::text[])
        WITH ORDINALITY AS f(template_id, negate, low, high, exact, pattern, n)
), passing AS MATERIALIZED (
    -- (filter, part) pairs, per filter through the template index (OFFSET 0 keeps the
    -- look-up per filter); a part has one row per template.
    SELECT f.n, f.negate, pp.part_id
    FROM filters f
    CROSS JOIN LATERAL (
        SELECT pp.model_id AS part_id
        FROM part_partparameter pp
        WHERE pp.template_id = f.template_id
          AND pp.model_type_id = (SELECT id FROM django_content_type
                                  WHERE app_label = 'part' AND model = 'part')
          AND (pp.data_numeric BETWEEN f.low AND f.high
               OR (pp.data = f.exact AND (f.low IS NULL OR pp.data_numeric IS NULL))
               OR upper(pp.data) LIKE upper(f.pattern))
        OFFSET 0
    ) pp
), positive AS (
    SELECT count(*) AS n FROM filters WHERE NOT negate
), candidates AS (
    -- The parts passing every positive filter, each by its primary key; without a positive
    -- filter, every part.
    SELECT p.id, p.name, p.category_id
    FROM (
        SELECT part_id FROM passing WHERE NOT negate GROUP BY part_id
        HAVING count(*) = (SELECT n FROM positive)
    ) passed
    CROSS JOIN LATERAL (
        SELECT p.id, p.name, p.category_id FROM part_part p WHERE p.id = passed.part_id OFFSET 0
    ) p
    UNION ALL
    SELECT p.id, p.name, p.category_id FROM part_part p WHERE (SELECT n FROM positive) = 0
), matching AS MATERIALIZED (
    SELECT c.id, c.name
    FROM candidates c
    WHERE ($1::int IS NULL OR c.category_id IN (SELECT id FROM categories))
      AND NOT EXISTS (SELECT 1 FROM passing x WHERE x.negate AND x.part_id = c.id)
)
SELECT ($1::int IS NULL OR EXISTS (SELECT 1 FROM part_partcategory WHERE id = $1))
           AS "category_found!",
       (SELECT count(*) FROM (SELECT FROM matching LIMIT $10) counted) AS "count!",
       ARRAY(SELECT id FROM matching ORDER BY name, id LIMIT $8 OFFSET $9) AS "ids!"
