-- A company's contacts, by name (InvenTree's contact list order).
SELECT id, name, phone, email, role
FROM company_contact
WHERE company_id = $1
ORDER BY name, id
