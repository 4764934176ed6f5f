-- A user by id (the user of a session), with the stored password hash.
SELECT id, username, password, is_superuser, is_active
FROM auth_user
WHERE id = $1
