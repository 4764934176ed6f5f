-- Whether company $1 exists (a primary-key lookup), when a filter naming it matched nothing.
SELECT EXISTS (SELECT 1 FROM company_company WHERE id = $1) AS "exists!"
