-- find_parts_by_parameters: the parameters of the page's parts ($1) for the filtered
-- templates ($2), through the (model_type_id, model_id, template_id) index.
SELECT pp.model_id AS part,
       t.id AS template,
       t.name AS template_name,
       pp.data,
       pp.data_numeric,
       t.units
FROM part_partparameter pp
JOIN part_partparametertemplate t ON t.id = pp.template_id
WHERE pp.model_type_id = (SELECT id FROM django_content_type
                          WHERE app_label = 'part' AND model = 'part')
  AND pp.model_id = ANY($1)
  AND pp.template_id = ANY($2)
ORDER BY pp.model_id, t.name, t.id
