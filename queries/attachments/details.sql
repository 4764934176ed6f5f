-- Attachments by id, with who uploaded them.
SELECT a.id, a.model_type, a.model_id, a.attachment, a.link, a.comment, a.file_size,
       a.is_image, a.upload_date, u.username AS "upload_user?"
FROM common_attachment a
LEFT JOIN auth_user u ON u.id = a.upload_user_id
WHERE a.id = ANY($1)
ORDER BY a.upload_date DESC NULLS LAST, a.id DESC
