-- A site's custom units (common_customunit), for reading values as InvenTree reads them.
SELECT name, definition, symbol FROM common_customunit ORDER BY id
