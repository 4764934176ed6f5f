-- Parts by id, in the order given, with the stock figures InvenTree's part API shows
-- (PartSerializer.annotate_queryset). "In stock" is InvenTree's filter: quantity > 0, not
-- sold, installed, consumed or in production, status OK/Attention/Damaged/Returned.
-- Open sets: sales orders {10,15,25}, builds {10,20,25}, purchase orders {10,20,25}.
-- Parameters in brief: template name, value as entered, template units.
WITH want AS (
    SELECT id, ord FROM unnest($1::int[]) WITH ORDINALITY AS w(id, ord)
)
SELECT p.id,
       p.name,
       p.description,
       p.category_id AS category,
       c.pathstring AS "category_path?",
       p.active,
       p."IPN" AS ipn,
       p.revision,
       p.units,
       p.keywords,
       p.assembly,
       p.component,
       p.purchaseable,
       p.salable,
       p.trackable,
       p.virtual,
       p.is_template,
       p.locked,
       p.variant_of_id AS variant_of,
       p.minimum_stock::float8 AS "minimum_stock!",
       COALESCE(tags.names, '{}') AS "tags!",
       COALESCE(params.list, '[]')
           AS "parameters!: sqlx::types::Json<Vec<ParameterBrief>>",
       own.in_stock AS "in_stock!",
       variants.stock AS "variant_stock!",
       own.in_stock + variants.stock AS "total_in_stock!",
       own.in_stock + variants.stock AS "total_stock!",
       own.external_stock AS "external_stock!",
       so.allocated AS "allocated_to_sales_orders!",
       bo.allocated AS "allocated_to_build_orders!",
       GREATEST(own.in_stock + variants.stock - so.allocated - bo.allocated, 0)
           AS "unallocated_stock!",
       po.ordering AS "ordering!",
       own.building AS "building!",
       builds.scheduled AS "scheduled_to_build!",
       build_lines.required AS "required_for_build_orders!",
       so_lines.required AS "required_for_sales_orders!",
       own.item_count AS "stock_item_count!"
FROM want
JOIN part_part p ON p.id = want.id
LEFT JOIN part_partcategory c ON c.id = p.category_id
CROSS JOIN LATERAL (
    SELECT COALESCE(sum(si.quantity) FILTER (WHERE si.quantity > 0
               AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
               AND si.customer_id IS NULL AND si.consumed_by_id IS NULL
               AND NOT si.is_building AND si.status IN (10, 50, 55, 85)), 0)::float8 AS in_stock,
           COALESCE(sum(si.quantity) FILTER (WHERE si.quantity > 0
               AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
               AND si.customer_id IS NULL AND si.consumed_by_id IS NULL
               AND NOT si.is_building AND si.status IN (10, 50, 55, 85)
               AND loc.external), 0)::float8 AS external_stock,
           COALESCE(sum(si.quantity) FILTER (WHERE si.is_building
               AND b.status IN (10, 20, 25)), 0)::float8 AS building,
           count(si.id) AS item_count
    FROM stock_stockitem si
    LEFT JOIN stock_stocklocation loc ON loc.id = si.location_id
    LEFT JOIN build_build b ON b.id = si.build_id
    WHERE si.part_id = p.id
) own
CROSS JOIN LATERAL (
    -- Stock of the part's variants: strict descendants in the template/variant tree.
    SELECT COALESCE(sum(si.quantity), 0)::float8 AS stock
    FROM part_part v
    JOIN stock_stockitem si ON si.part_id = v.id
    WHERE v.tree_id = p.tree_id AND v.lft > p.lft AND v.rght < p.rght
      AND si.quantity > 0 AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
      AND si.customer_id IS NULL AND si.consumed_by_id IS NULL
      AND NOT si.is_building AND si.status IN (10, 50, 55, 85)
) variants
CROSS JOIN LATERAL (
    SELECT COALESCE(sum(a.quantity), 0)::float8 AS allocated
    FROM order_salesorderallocation a
    JOIN stock_stockitem si ON si.id = a.item_id
    JOIN order_salesorderlineitem l ON l.id = a.line_id
    JOIN order_salesorder o ON o.id = l.order_id
    LEFT JOIN order_salesordershipment sh ON sh.id = a.shipment_id
    WHERE si.part_id = p.id AND o.status IN (10, 15, 25) AND sh.shipment_date IS NULL
) so
CROSS JOIN LATERAL (
    SELECT COALESCE(sum(bi.quantity), 0)::float8 AS allocated
    FROM build_builditem bi
    JOIN stock_stockitem si ON si.id = bi.stock_item_id
    JOIN build_buildline bl ON bl.id = bi.build_line_id
    JOIN build_build b ON b.id = bl.build_id
    WHERE si.part_id = p.id AND b.status IN (10, 20, 25)
) bo
CROSS JOIN LATERAL (
    SELECT GREATEST(COALESCE(sum(li.quantity * sp.pack_quantity_native), 0)
                  - COALESCE(sum(li.received * sp.pack_quantity_native), 0), 0)::float8 AS ordering
    FROM order_purchaseorderlineitem li
    JOIN part_supplierpart sp ON sp.id = li.part_id
    JOIN order_purchaseorder o ON o.id = li.order_id
    WHERE sp.part_id = p.id AND o.status IN (10, 20, 25) AND li.quantity > li.received
) po
CROSS JOIN LATERAL (
    SELECT COALESCE(sum(GREATEST(b.quantity - b.completed, 0)), 0)::float8 AS scheduled
    FROM build_build b
    WHERE b.part_id = p.id AND b.status IN (10, 20, 25)
) builds
CROSS JOIN LATERAL (
    SELECT COALESCE(sum(bl.quantity), 0)::float8 AS required
    FROM build_buildline bl
    JOIN part_bomitem bom ON bom.id = bl.bom_item_id
    JOIN build_build b ON b.id = bl.build_id
    WHERE bom.sub_part_id = p.id AND b.status IN (10, 20, 25)
) build_lines
CROSS JOIN LATERAL (
    SELECT (COALESCE(sum(l.quantity), 0) - COALESCE(sum(l.shipped), 0))::float8 AS required
    FROM order_salesorderlineitem l
    JOIN order_salesorder o ON o.id = l.order_id
    WHERE l.part_id = p.id AND o.status IN (10, 15, 25)
) so_lines
LEFT JOIN LATERAL (
    SELECT array_agg(t.name::text ORDER BY t.name) AS names
    FROM taggit_taggeditem ti
    JOIN taggit_tag t ON t.id = ti.tag_id
    JOIN django_content_type ct ON ct.id = ti.content_type_id
    WHERE ti.object_id = p.id AND ct.app_label = 'part' AND ct.model = 'part'
) tags ON true
LEFT JOIN LATERAL (
    -- Through the (model_type_id, model_id) index; the content type is looked up once.
    SELECT json_agg(json_build_object('name', t.name, 'value', pp.data,
                                      'units', NULLIF(t.units, ''))
                    ORDER BY t.name, t.id) AS list
    FROM part_partparameter pp
    JOIN part_partparametertemplate t ON t.id = pp.template_id
    WHERE pp.model_type_id = (SELECT id FROM django_content_type
                              WHERE app_label = 'part' AND model = 'part')
      AND pp.model_id = p.id
) params ON true
ORDER BY want.ord
