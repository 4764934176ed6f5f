-- Serialises new trees in part_part among writers of this server (two parts must never
-- share a tree_id). Released when the transaction ends.
SELECT pg_advisory_xact_lock(hashtext('part_part'))
