-- bom_cost: InvenTree's cached BOM cost and overall price range of part $1 (part_partpricing,
-- per unit, computed by its background task); no row when it has never priced the part.
SELECT pp.bom_cost_min::float8 AS bom_cost_min, pp.bom_cost_min_currency,
       pp.bom_cost_max::float8 AS bom_cost_max, pp.bom_cost_max_currency,
       pp.overall_min::float8 AS overall_min, pp.overall_min_currency,
       pp.overall_max::float8 AS overall_max, pp.overall_max_currency
FROM part_partpricing pp
WHERE pp.part_id = $1
