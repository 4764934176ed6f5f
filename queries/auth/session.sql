-- A Django session that has not expired.
SELECT session_data
FROM django_session
WHERE session_key = $1 AND expire_date > now()
