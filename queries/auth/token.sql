-- The user behind an API token, with what InvenTree checks: revoked, expired (a token is
-- still valid on its expiry day), user inactive.
SELECT u.id,
       u.username,
       u.is_superuser,
       u.is_active,
       t.revoked,
       t.expiry < CURRENT_DATE AS "expired!"
FROM users_apitoken t
JOIN auth_user u ON u.id = t.user_id
WHERE t.key = $1
