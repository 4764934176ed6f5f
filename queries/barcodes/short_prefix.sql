-- The internal barcode plugin's short-form prefix, if set (InvenTree's default otherwise).
SELECT s.value
FROM plugin_pluginsetting s
JOIN plugin_pluginconfig c ON c.id = s.plugin_id
WHERE c.key = 'inventreebarcode' AND s.key = 'SHORT_BARCODE_PREFIX'
