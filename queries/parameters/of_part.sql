-- get_part_parameters: the part's name and every parameter on it, by template name.
-- No row: the part does not exist.
SELECT p.id,
       p.name,
       COALESCE((
           SELECT json_agg(json_build_object(
                      'id', pp.id, 'template', t.id, 'template_name', t.name, 'units', t.units,
                      'data', pp.data, 'data_numeric', pp.data_numeric, 'note', pp.note)
                  ORDER BY t.name, t.id)
           FROM part_partparameter pp
           JOIN part_partparametertemplate t ON t.id = pp.template_id
           WHERE pp.model_type_id = (SELECT id FROM django_content_type
                                     WHERE app_label = 'part' AND model = 'part')
             AND pp.model_id = p.id
       ), '[]') AS "parameters!: sqlx::types::Json<Vec<PartParameter>>"
FROM part_part p
WHERE p.id = $1
