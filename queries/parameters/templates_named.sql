-- find_parts_by_parameters: the template each filter names, by id ($1, NULL: none) or by
-- name compared case-insensitively ($2, NULL: none), one element per filter; name matches
-- first. Whether the template may be used on parts (restricted to parts, or to no model).
SELECT f.n AS "filter!",
       t.id,
       t.name,
       t.units,
       t.checkbox,
       COALESCE(upper(t.name) = upper(f.name), false) AS "by_name!",
       (t.model_type_id IS NULL OR t.model_type_id = (
           SELECT id FROM django_content_type WHERE app_label = 'part' AND model = 'part'))
           AS "for_parts!"
FROM unnest($1::int[], $2::text[]) WITH ORDINALITY AS f(id, name, n)
JOIN part_partparametertemplate t ON t.id = f.id OR upper(t.name) = upper(f.name)
ORDER BY f.n, COALESCE(upper(t.name) = upper(f.name), false) DESC, t.id
