-- A page of attachments, newest first: of the model types in $1 (InvenTree's lower-case
-- class names), of one object ($2) when given, counted up to $5.
WITH matches AS (
    SELECT a.id, a.upload_date
    FROM common_attachment a
    WHERE a.model_type = ANY($1) AND ($2::int IS NULL OR a.model_id = $2)
)
SELECT
    (SELECT count(*) FROM (SELECT 1 FROM matches LIMIT $5) counted) AS "count!",
    COALESCE(
        (SELECT array_agg(id ORDER BY upload_date DESC NULLS LAST, id DESC) FROM (
            SELECT id, upload_date FROM matches
            ORDER BY upload_date DESC NULLS LAST, id DESC LIMIT $3 OFFSET $4
        ) page),
        '{}'
    ) AS "ids!"
