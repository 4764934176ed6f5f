-- Project codes by code, with the owner responsible (a user or a group): how many there are,
-- and the page ($1 limit, $2 offset).
SELECT (SELECT count(*) FROM common_projectcode) AS "count!",
       COALESCE((SELECT json_agg(page) FROM (
           SELECT pc.id, pc.code, pc.description, COALESCE(u.username, g.name) AS responsible
           FROM common_projectcode pc
           LEFT JOIN users_owner o ON o.id = pc.responsible_id
           LEFT JOIN django_content_type ct ON ct.id = o.owner_type_id
           LEFT JOIN auth_user u
               ON ct.app_label = 'auth' AND ct.model = 'user' AND u.id = o.owner_id
           LEFT JOIN auth_group g
               ON ct.app_label = 'auth' AND ct.model = 'group' AND g.id = o.owner_id
           ORDER BY pc.code, pc.id
           LIMIT $1 OFFSET $2) page), '[]') AS "items!: sqlx::types::Json<Vec<ProjectCode>>"
