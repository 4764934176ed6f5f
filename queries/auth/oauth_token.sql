-- An OAuth access token as django-oauth-toolkit stores it, found by its unique, indexed
-- `token_checksum` (the SHA-256 hex of the token), with its application's client id and its
-- user. The caller compares the stored token, the expiry, the client id and the user; a
-- revoked token is a deleted row. Client-credentials tokens have no user.
SELECT t.token,
       t.expires,
       t.scope,
       a.client_id,
       u.id AS "user_id?",
       u.username AS "username?",
       u.is_active AS "is_active?",
       u.is_superuser AS "is_superuser?"
FROM oauth2_provider_accesstoken t
JOIN oauth2_provider_application a ON a.id = t.application_id
LEFT JOIN auth_user u ON u.id = t.user_id
WHERE t.token_checksum = $1
