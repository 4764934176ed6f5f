-- A user by login name (Basic credentials, the anonymous user), with the stored password hash.
SELECT id, username, password, is_superuser, is_active
FROM auth_user
WHERE username = $1
