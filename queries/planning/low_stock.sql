-- low_stock: parts below their minimum stock as InvenTree's part list filter low_stock=true
-- decides it (PartFilter.filter_low_stock): minimum_stock <> 0 and total_in_stock <
-- minimum_stock, where total_in_stock is the part's own in-stock quantity plus that of its
-- strict variants (same tree, lft/rght inside), allocations not subtracted. "In stock" is
-- InvenTree's filter: quantity > 0, not sold, installed, consumed or in production, status
-- OK/Attention/Damaged/Returned. ordering is InvenTree's "on order": open purchase order
-- lines (status 10/20/25) not fully received, in part units (x pack_quantity_native).
-- $1 category (NULL: every category, and parts without one; category_found says whether
-- it exists), $2 active (NULL: any),
-- $3 limit, $4 offset. Worst first: the smallest share of the minimum in stock, then the
-- largest shortfall, then name and id.
WITH RECURSIVE categories AS (
    SELECT id FROM part_partcategory WHERE id = $1
    UNION
    SELECT c.id FROM part_partcategory c JOIN categories ON c.parent_id = categories.id
), stock AS MATERIALIZED (
    -- The whole inventory ($1 NULL): every part's in-stock quantity from one pass over the
    -- stock items. Looked up part by part through the part index, each item would cost a
    -- page read of its own (they lie where they were created, not by part).
    SELECT si.part_id, sum(si.quantity) AS stock
    FROM stock_stockitem si
    WHERE $1::int IS NULL AND si.quantity > 0 AND si.sales_order_id IS NULL
      AND si.belongs_to_id IS NULL AND si.customer_id IS NULL
      AND si.consumed_by_id IS NULL AND NOT si.is_building
      AND si.status IN (10, 50, 55, 85)
    GROUP BY si.part_id
), variant_stock AS MATERIALIZED (
    -- Only a part with rght > lft + 1 has strict variants.
    SELECT t.id, sum(s.stock) AS stock
    FROM part_part t
    JOIN part_part v ON v.tree_id = t.tree_id AND v.lft > t.lft AND v.rght < t.rght
    JOIN stock s ON s.part_id = v.id
    WHERE $1::int IS NULL AND t.rght > t.lft + 1
    GROUP BY t.id
), candidates AS (
    SELECT p.*, COALESCE(s.stock, 0)::float8 AS own_stock,
           COALESCE(vs.stock, 0)::float8 AS variants_stock
    FROM part_part p
    LEFT JOIN stock s ON s.part_id = p.id
    LEFT JOIN variant_stock vs ON vs.id = p.id
    WHERE $1::int IS NULL AND p.minimum_stock <> 0
    UNION ALL
    -- A category subtree: each candidate's stock through the part index. OFFSET 0 keeps the
    -- look-up per category, through the category index.
    SELECT p.*, own.stock, variants.stock
    FROM categories c
    CROSS JOIN LATERAL (
        SELECT p.* FROM part_part p WHERE p.category_id = c.id AND p.minimum_stock <> 0
        OFFSET 0
    ) p
    CROSS JOIN LATERAL (
        SELECT COALESCE(sum(si.quantity), 0)::float8 AS stock
        FROM stock_stockitem si
        WHERE si.part_id = p.id AND si.quantity > 0 AND si.sales_order_id IS NULL
          AND si.belongs_to_id IS NULL AND si.customer_id IS NULL
          AND si.consumed_by_id IS NULL AND NOT si.is_building
          AND si.status IN (10, 50, 55, 85)
    ) own
    CROSS JOIN LATERAL (
        SELECT COALESCE(sum(si.quantity), 0)::float8 AS stock
        FROM part_part v
        JOIN stock_stockitem si ON si.part_id = v.id
        WHERE v.tree_id = p.tree_id AND v.lft > p.lft AND v.rght < p.rght
          AND si.quantity > 0 AND si.sales_order_id IS NULL AND si.belongs_to_id IS NULL
          AND si.customer_id IS NULL AND si.consumed_by_id IS NULL
          AND NOT si.is_building AND si.status IN (10, 50, 55, 85)
    ) variants
), low AS MATERIALIZED (
    SELECT p.id, p.name, p."IPN" AS ipn, p.units, p.active, p.category_id,
           p.minimum_stock::float8 AS minimum_stock,
           p.own_stock AS in_stock, p.variants_stock AS variant_stock,
           p.own_stock + p.variants_stock AS total_in_stock,
           p.minimum_stock::float8 - p.own_stock - p.variants_stock AS shortfall,
           po.ordering
    FROM candidates p
    CROSS JOIN LATERAL (
        SELECT GREATEST(COALESCE(sum(li.quantity * sp.pack_quantity_native), 0)
                      - COALESCE(sum(li.received * sp.pack_quantity_native), 0), 0)::float8
                   AS ordering
        FROM order_purchaseorderlineitem li
        JOIN part_supplierpart sp ON sp.id = li.part_id
        JOIN order_purchaseorder o ON o.id = li.order_id
        WHERE sp.part_id = p.id AND o.status IN (10, 20, 25) AND li.quantity > li.received
    ) po
    WHERE ($2::bool IS NULL OR p.active = $2)
      AND p.own_stock + p.variants_stock < p.minimum_stock
)
SELECT $1::int IS NULL OR EXISTS (SELECT 1 FROM categories) AS "category_found!",
       (SELECT count(*) FROM low) AS "count!",
       COALESCE((
           SELECT json_agg(json_build_object(
                      'id', l.id, 'name', l.name, 'IPN', l.ipn, 'units', l.units,
                      'active', l.active, 'category', l.category_id,
                      'category_path', c.pathstring,
                      'minimum_stock', l.minimum_stock, 'in_stock', l.in_stock,
                      'variant_stock', l.variant_stock, 'total_in_stock', l.total_in_stock,
                      'shortfall', l.shortfall, 'ordering', l.ordering,
                      'to_order', GREATEST(l.shortfall - l.ordering, 0))
                      ORDER BY l.total_in_stock / l.minimum_stock, l.shortfall DESC,
                               l.name, l.id)
           FROM (SELECT * FROM low
                 ORDER BY total_in_stock / minimum_stock, shortfall DESC, name, id
                 LIMIT $3 OFFSET $4) l
           LEFT JOIN part_partcategory c ON c.id = l.category_id
       ), '[]') AS "items!: sqlx::types::Json<Vec<LowStockPart>>"
