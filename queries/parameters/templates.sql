-- list_parameter_templates: the templates a part may have (those for parts or for any
-- model), by name, with how many parts have a parameter of each. $1 category: only the
-- templates used by parts in its subtree, counted there (NULL: every template, counted over
-- all parts); $2 limit, $3 offset. Also whether the category exists.
WITH RECURSIVE part_type AS (
    SELECT id FROM django_content_type WHERE app_label = 'part' AND model = 'part'
), categories AS (
    SELECT id FROM part_partcategory WHERE id = $1
    UNION
    SELECT c.id FROM part_partcategory c JOIN categories ON c.parent_id = categories.id
), used_in_category AS MATERIALIZED (
    -- From the subtree's parts (category index) to their parameters ((model_type_id,
    -- model_id) index); nothing is read without a category.
    SELECT pp.template_id, count(*) AS parts
    FROM categories c
    JOIN part_part p ON p.category_id = c.id
    JOIN part_partparameter pp
      ON pp.model_type_id = (SELECT id FROM part_type) AND pp.model_id = p.id
    GROUP BY pp.template_id
), matching AS (
    SELECT t.id, t.name
    FROM part_partparametertemplate t
    WHERE (t.model_type_id IS NULL OR t.model_type_id = (SELECT id FROM part_type))
      AND ($1::int IS NULL OR t.id IN (SELECT template_id FROM used_in_category))
)
SELECT ($1::int IS NULL OR EXISTS (SELECT 1 FROM part_partcategory WHERE id = $1))
           AS "category_found!",
       (SELECT count(*) FROM matching) AS "count!",
       COALESCE((SELECT json_agg(page ORDER BY page.name, page.id) FROM (
           SELECT t.id, t.name, t.units, t.description, t.choices, t.checkbox,
                  t.selectionlist_id AS selectionlist, sl.name AS selectionlist_name, t.enabled,
                  CASE WHEN $1::int IS NULL
                       THEN (SELECT count(*) FROM part_partparameter pp
                             WHERE pp.template_id = t.id
                               AND pp.model_type_id = (SELECT id FROM part_type))
                       ELSE (SELECT u.parts FROM used_in_category u WHERE u.template_id = t.id)
                  END AS part_count
           FROM matching m
           JOIN part_partparametertemplate t ON t.id = m.id
           LEFT JOIN common_selectionlist sl ON sl.id = t.selectionlist_id
           ORDER BY m.name, m.id
           LIMIT $2 OFFSET $3) page), '[]')
           AS "items!: sqlx::types::Json<Vec<ParameterTemplate>>"
