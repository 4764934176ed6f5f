-- What the rule sets of a user's groups grant, per role: a permission is held when any
-- group grants it (InvenTree's check_user_role). No groups, no rows.
SELECT r.name,
       bool_or(r.can_view) AS "can_view!",
       bool_or(r.can_add) AS "can_add!",
       bool_or(r.can_change) AS "can_change!",
       bool_or(r.can_delete) AS "can_delete!"
FROM auth_user_groups ug
JOIN users_ruleset r ON r.group_id = ug.group_id
WHERE ug.user_id = $1
GROUP BY r.name
