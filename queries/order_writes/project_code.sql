-- A project code, kept from deletion until the transaction ends.
SELECT id, code FROM common_projectcode WHERE id = $1 FOR SHARE
