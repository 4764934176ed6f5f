-- InvenTree's identity rules for a part's name, IPN and revision ($1 name, $2 IPN,
-- $3 revision), ignoring part $4 (the part being updated; 0 for a new part):
-- UNIQUE(name, IPN, revision) (the unique_part constraint); with PART_ALLOW_DUPLICATE_IPN
-- off, no other part with the same IPN, case-insensitively; with PART_IPN_REGEX set, the
-- IPN must match it (here PostgreSQL's regular expressions, close to Python's).
WITH settings AS (
    SELECT COALESCE((SELECT lower(value) IN ('1', 'y', 'yes', 't', 'true', 'ok', 'on')
                     FROM common_inventreesetting WHERE key = 'PART_ALLOW_DUPLICATE_IPN'), true)
               AS allow_duplicate_ipn,
           NULLIF((SELECT value FROM common_inventreesetting WHERE key = 'PART_IPN_REGEX'), '')
               AS ipn_regex
)
SELECT (SELECT id FROM part_part
        WHERE name = $1 AND "IPN" = $2 AND revision = $3 AND id <> $4 LIMIT 1) AS same_identity,
       CASE WHEN s.allow_duplicate_ipn OR $2 = '' THEN NULL
            ELSE (SELECT id FROM part_part WHERE upper("IPN") = upper($2) AND id <> $4 LIMIT 1)
       END AS duplicate_ipn,
       s.ipn_regex,
       s.ipn_regex IS NULL OR $2 ~ s.ipn_regex AS "ipn_matches!"
FROM settings s
