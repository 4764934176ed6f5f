-- Part $1 deleted as Django's collector deletes it (InvenTree's on_delete rules, run in
-- Python there): its BOM lines both ways with their substitutes and the build lines made
-- from them, related-part links, stars, pricing, stocktakes, price breaks, test templates
-- with their results, manufacturer and supplier parts with their price breaks, parameters,
-- tags, attachments and notes images; revisions of it forget it. Only for a part with no
-- stock, builds, order lines or variants (checked first by delete_checks.sql).
WITH bom AS (
    SELECT id FROM part_bomitem WHERE part_id = $1 OR sub_part_id = $1
), build_lines AS (
    SELECT id FROM build_buildline WHERE bom_item_id IN (SELECT id FROM bom)
), build_items AS (
    DELETE FROM build_builditem WHERE build_line_id IN (SELECT id FROM build_lines)
), lines AS (
    DELETE FROM build_buildline WHERE id IN (SELECT id FROM build_lines)
), substitutes AS (
    DELETE FROM part_bomitemsubstitute
    WHERE part_id = $1 OR bom_item_id IN (SELECT id FROM bom)
), bom_items AS (
    DELETE FROM part_bomitem WHERE id IN (SELECT id FROM bom)
), related AS (
    DELETE FROM part_partrelated WHERE part_1_id = $1 OR part_2_id = $1
), stars AS (
    DELETE FROM part_partstar WHERE part_id = $1
), pricing AS (
    DELETE FROM part_partpricing WHERE part_id = $1
), stocktakes AS (
    DELETE FROM part_partstocktake WHERE part_id = $1
), sell_breaks AS (
    DELETE FROM part_partsellpricebreak WHERE part_id = $1
), internal_breaks AS (
    DELETE FROM part_partinternalpricebreak WHERE part_id = $1
), templates AS (
    SELECT id FROM part_parttesttemplate WHERE part_id = $1
), test_results AS (
    DELETE FROM stock_stockitemtestresult WHERE template_id IN (SELECT id FROM templates)
), test_templates AS (
    DELETE FROM part_parttesttemplate WHERE id IN (SELECT id FROM templates)
), supplier_parts AS (
    SELECT id FROM part_supplierpart
    WHERE part_id = $1
       OR manufacturer_part_id IN (SELECT id FROM company_manufacturerpart WHERE part_id = $1)
), supplier_breaks AS (
    DELETE FROM part_supplierpricebreak WHERE part_id IN (SELECT id FROM supplier_parts)
), stock_suppliers AS (
    UPDATE stock_stockitem SET supplier_part_id = NULL
    WHERE supplier_part_id IN (SELECT id FROM supplier_parts)
), suppliers AS (
    DELETE FROM part_supplierpart WHERE id IN (SELECT id FROM supplier_parts)
), manufacturers AS (
    DELETE FROM company_manufacturerpart WHERE part_id = $1
), revisions AS (
    UPDATE part_part SET revision_of_id = NULL WHERE revision_of_id = $1
), parameters AS (
    DELETE FROM part_partparameter pp USING django_content_type ct
    WHERE pp.model_type_id = ct.id AND ct.app_label = 'part' AND ct.model = 'part'
      AND pp.model_id = $1
), tags AS (
    DELETE FROM taggit_taggeditem ti USING django_content_type ct
    WHERE ti.content_type_id = ct.id AND ct.app_label = 'part' AND ct.model = 'part'
      AND ti.object_id = $1
), attachments AS (
    DELETE FROM common_attachment WHERE model_type = 'part' AND model_id = $1
), images AS (
    DELETE FROM common_notesimage WHERE model_type = 'part' AND model_id = $1
)
DELETE FROM part_part WHERE id = $1
