-- A depleted stock item deleted as Django's collector deletes it: its history, test results,
-- allocations and return-order lines go with it; builds installing into it forget it; its
-- split children are re-parented to its own parent; its tags and attachments are removed.
WITH item AS (
    SELECT id, parent_id FROM stock_stockitem WHERE id = $1
), tracking AS (
    DELETE FROM stock_stockitemtracking WHERE item_id = $1
), tests AS (
    DELETE FROM stock_stockitemtestresult WHERE stock_item_id = $1
), sales AS (
    DELETE FROM order_salesorderallocation WHERE item_id = $1
), builds AS (
    DELETE FROM build_builditem WHERE stock_item_id = $1
), installs AS (
    UPDATE build_builditem SET install_into_id = NULL WHERE install_into_id = $1
), transfers AS (
    DELETE FROM order_transferorderallocation WHERE item_id = $1
), returns AS (
    DELETE FROM order_returnorderlineitem WHERE item_id = $1
), children AS (
    UPDATE stock_stockitem SET parent_id = (SELECT parent_id FROM item) WHERE parent_id = $1
), tags AS (
    DELETE FROM taggit_taggeditem ti USING django_content_type ct
    WHERE ti.content_type_id = ct.id AND ct.app_label = 'stock' AND ct.model = 'stockitem'
      AND ti.object_id = $1
), attachments AS (
    DELETE FROM common_attachment WHERE model_type = 'stockitem' AND model_id = $1
), images AS (
    DELETE FROM common_notesimage WHERE model_type = 'stockitem' AND model_id = $1
)
DELETE FROM stock_stockitem WHERE id = $1
