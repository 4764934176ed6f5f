-- The fields an update names, and only those (NULL: leave as is).
UPDATE part_part
SET name = COALESCE($2, name),
    description = COALESCE($3, description),
    active = COALESCE($4, active),
    "IPN" = COALESCE($5, "IPN"),
    revision = COALESCE($6, revision),
    units = COALESCE($7, units)
WHERE id = $1
