//! The BOM graph below some assemblies, loaded level by level (one set-based query per
//! level), and what building a quantity of them takes when every component's stock is one
//! pool shared by all the lines that may use it.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::error::ToolError;
use crate::tools::tool::Cx;

/// Tolerance for sums of quantities in floating point.
pub const EPSILON: f64 = 1e-9;

/// A BOM line (`queries/planning/lines.sql`).
#[derive(Debug, Clone)]
pub struct Line {
    pub assembly: i32,
    pub sub_part: i32,
    pub sub_part_purchaseable: bool,
    pub quantity: f64,
    pub setup_quantity: f64,
    pub attrition: f64,
    pub rounding_multiple: Option<f64>,
    pub optional: bool,
    pub consumable: bool,
    pub has_bom: bool,
    /// What InvenTree's can-build adds to the sub-part's own available stock.
    pub variant_available: f64,
    pub substitute_available: f64,
    /// Parts a build may use instead (variants, substitutes), by id.
    pub alternatives: Vec<i32>,
}

impl Line {
    /// What building `n` of the assembly takes of this line (`BomItem.get_required_quantity`):
    /// quantity x n, plus attrition, plus the setup quantity, rounded up to the rounding
    /// multiple when `rounding`. Nothing when nothing is built.
    pub fn required(&self, n: f64, rounding: bool) -> f64 {
        if n <= 0.0 {
            return 0.0;
        }
        let mut required = self.quantity * n;
        if self.attrition > 0.0 {
            required *= 1.0 + self.attrition / 100.0;
        }
        if self.setup_quantity > 0.0 {
            required += self.setup_quantity;
        }
        match self.rounding_multiple {
            Some(multiple) if rounding && multiple > 0.0 => {
                (required / multiple - EPSILON).ceil() * multiple
            }
            _ => required,
        }
    }
}

/// The assemblies below some top assemblies with their lines, in an order where every
/// assembly comes after all the assemblies that use it.
#[derive(Debug)]
pub struct Graph {
    pub lines: HashMap<i32, Vec<Line>>,
    /// Assemblies by their longest distance from a top assembly, then by id.
    pub order: Vec<i32>,
}

impl Graph {
    /// Loads the lines of `tops` and, `levels` deep (0: all the way), of the sub-assemblies
    /// below them; with `buy_purchaseable`, purchaseable sub-assemblies are not exploded (they
    /// are bought). A BOM that contains itself is refused, naming the loop.
    pub async fn load(
        cx: &mut Cx<'_>,
        tops: &[i32],
        levels: i64,
        buy_purchaseable: bool,
    ) -> Result<Graph, ToolError> {
        let mut lines: HashMap<i32, Vec<Line>> = HashMap::new();
        let mut frontier: Vec<i32> = tops.to_vec();
        let mut depth = 1;
        while !frontier.is_empty() {
            for id in &frontier {
                lines.entry(*id).or_default();
            }
            let rows = sqlx::query_file!("queries/planning/lines.sql", &frontier)
                .fetch_all(cx.db().await?)
                .await?;
            let mut next = Vec::new();
            for row in rows {
                let line = Line {
                    assembly: row.assembly,
                    sub_part: row.sub_part,
                    sub_part_purchaseable: row.sub_part_purchaseable,
                    quantity: row.quantity,
                    setup_quantity: row.setup_quantity,
                    attrition: row.attrition,
                    rounding_multiple: row.rounding_multiple,
                    optional: row.optional,
                    consumable: row.consumable,
                    has_bom: row.has_bom,
                    variant_available: row.variant_available,
                    substitute_available: row.substitute_available,
                    alternatives: row.alternative_ids,
                };
                if line.has_bom
                    && !(buy_purchaseable && line.sub_part_purchaseable)
                    && (levels == 0 || depth < levels)
                    && !lines.contains_key(&line.sub_part)
                    && !next.contains(&line.sub_part)
                {
                    next.push(line.sub_part);
                }
                lines.entry(line.assembly).or_default().push(line);
            }
            frontier = next;
            depth += 1;
        }
        let order = order(&lines, tops)?;
        Ok(Graph { lines, order })
    }

    /// Whether the part's BOM was loaded: it is built from its components here.
    pub fn is_built(&self, part: i32) -> bool {
        self.lines.get(&part).is_some_and(|lines| !lines.is_empty())
    }

    /// Every part a line names, as its component or as an alternative, once.
    pub fn parts(&self) -> Vec<i32> {
        let mut parts: Vec<i32> = self
            .lines
            .values()
            .flatten()
            .flat_map(|line| {
                std::iter::once(line.sub_part).chain(line.alternatives.iter().copied())
            })
            .collect();
        parts.sort();
        parts.dedup();
        parts
    }
}

/// A part with what covers a demand for it (`queries/planning/supply.sql`).
#[derive(Debug, Clone)]
pub struct Supply {
    pub name: String,
    pub ipn: Option<String>,
    pub units: Option<String>,
    pub purchaseable: bool,
    pub active: bool,
    pub minimum_stock: f64,
    pub has_bom: bool,
    /// In stock less allocations to open sales orders and active builds.
    pub available: f64,
    /// On open purchase orders, not yet received.
    pub on_order: f64,
    /// Still to come out of the part's active builds.
    pub in_production: f64,
}

/// The supply of `parts` (those that exist), by id.
pub async fn supply(cx: &mut Cx<'_>, parts: &[i32]) -> Result<HashMap<i32, Supply>, ToolError> {
    if parts.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = sqlx::query_file!("queries/planning/supply.sql", parts)
        .fetch_all(cx.db().await?)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let supply = Supply {
                name: r.name,
                ipn: r.ipn,
                units: r.units,
                purchaseable: r.purchaseable,
                active: r.active,
                minimum_stock: r.minimum_stock,
                has_bom: r.has_bom,
                available: r.available,
                on_order: r.on_order,
                in_production: r.in_production,
            };
            (r.id, supply)
        })
        .collect())
}

/// The assemblies in an order where each comes after every assembly using it: by their
/// longest distance from a top assembly. Err names a loop.
fn order(lines: &HashMap<i32, Vec<Line>>, tops: &[i32]) -> Result<Vec<i32>, ToolError> {
    let mut distance: HashMap<i32, usize> = HashMap::new();
    let mut path: Vec<i32> = Vec::new();
    let mut on_path: HashSet<i32> = HashSet::new();
    fn visit(
        part: i32,
        at: usize,
        lines: &HashMap<i32, Vec<Line>>,
        distance: &mut HashMap<i32, usize>,
        path: &mut Vec<i32>,
        on_path: &mut HashSet<i32>,
    ) -> Result<(), ToolError> {
        if on_path.contains(&part) {
            let names: Vec<String> = path
                .iter()
                .skip_while(|p| **p != part)
                .chain(std::iter::once(&part))
                .map(|p| p.to_string())
                .collect();
            return Err(ToolError::BadData(format!(
                "the BOM contains a loop: parts {}",
                names.join(" > ")
            )));
        }
        if distance.get(&part).is_some_and(|d| *d >= at) {
            return Ok(());
        }
        distance.insert(part, at);
        path.push(part);
        on_path.insert(part);
        for line in lines.get(&part).into_iter().flatten() {
            if lines.contains_key(&line.sub_part) {
                visit(line.sub_part, at + 1, lines, distance, path, on_path)?;
            }
        }
        path.pop();
        on_path.remove(&part);
        Ok(())
    }
    for top in tops {
        visit(*top, 0, lines, &mut distance, &mut path, &mut on_path)?;
    }
    let mut order: Vec<i32> = distance.keys().copied().collect();
    order.sort_by_key(|part| (distance[part], *part));
    Ok(order)
}

/// What a plan takes of one part.
#[derive(Debug, Default, Clone)]
pub struct Use {
    /// Asked for: by the lines that name it, and directly.
    pub required: f64,
    /// Of that, asked for by the lines of each assembly built.
    pub needed_by: Vec<(i32, f64)>,
    /// What covered it at the start (its pool).
    pub available: f64,
    /// Taken from its pool, for its own lines and in place of other parts.
    pub from_stock: f64,
    /// Of that, used in place of another part (as a variant or substitute).
    pub instead_of_others: f64,
    /// Units to build (sub-assemblies built here).
    pub to_build: f64,
    /// What neither the pool nor a build covers.
    pub shortfall: f64,
    /// Every line naming it is optional (and nothing asks for it directly).
    pub optional: bool,
}

/// What building `builds` (assembly, units) takes, with `demands` (part, quantity) asked for
/// directly, when each part's `pools` (say, its available stock) serve every line and demand
/// that may use them. Direct demands come first, from the part's own pool. Then per
/// assembly, in the graph's order: each line's requirement (InvenTree's required quantity
/// for the units built) is taken first from its own part's pool, then, after every line of
/// the assembly had its own part's pool, from its alternatives in id order; what remains is
/// built from the part's BOM when it was loaded (in whole units), otherwise it is short.
/// Consumable lines are left out unless `consumables`.
pub fn pooled(
    graph: &Graph,
    pools: &HashMap<i32, f64>,
    builds: &[(i32, f64)],
    demands: &[(i32, f64)],
    consumables: bool,
) -> BTreeMap<i32, Use> {
    let mut uses: BTreeMap<i32, Use> = BTreeMap::new();
    let mut pool = pools.clone();
    let mut build: HashMap<i32, f64> = HashMap::new();
    for (part, units) in builds {
        *build.entry(*part).or_default() += units;
    }
    fn start(pools: &HashMap<i32, f64>, part: i32) -> Use {
        Use {
            available: pools.get(&part).copied().unwrap_or(0.0),
            optional: true,
            ..Use::default()
        }
    }
    for (part, quantity) in demands {
        let used = uses.entry(*part).or_insert_with(|| start(pools, *part));
        used.required += quantity;
        used.optional = false;
        let stock = pool.entry(*part).or_default();
        let take = stock.min(*quantity).max(0.0);
        *stock -= take;
        used.from_stock += take;
        let remaining = quantity - take;
        if remaining > EPSILON {
            if graph.is_built(*part) {
                *build.entry(*part).or_default() += remaining;
            } else {
                used.shortfall += remaining;
            }
        }
    }
    for assembly in &graph.order {
        let units = (build.get(assembly).copied().unwrap_or(0.0) - EPSILON).ceil();
        if units <= 0.0 || !graph.is_built(*assembly) {
            continue;
        }
        uses.entry(*assembly)
            .or_insert_with(|| Use {
                optional: false,
                ..start(pools, *assembly)
            })
            .to_build = units;
        let lines: Vec<&Line> = graph.lines[assembly]
            .iter()
            .filter(|l| consumables || !l.consumable)
            .collect();
        let mut remaining: Vec<f64> = Vec::with_capacity(lines.len());
        for line in &lines {
            let required = line.required(units, true);
            let used = uses
                .entry(line.sub_part)
                .or_insert_with(|| start(pools, line.sub_part));
            used.required += required;
            used.needed_by.push((*assembly, required));
            used.optional &= line.optional;
            let stock = pool.entry(line.sub_part).or_default();
            let take = stock.min(required).max(0.0);
            *stock -= take;
            used.from_stock += take;
            remaining.push(required - take);
        }
        for (line, remaining) in lines.iter().zip(remaining.iter_mut()) {
            for id in &line.alternatives {
                if *remaining <= EPSILON {
                    break;
                }
                let stock = pool.entry(*id).or_default();
                let take = stock.min(*remaining).max(0.0);
                if take <= 0.0 {
                    continue;
                }
                *stock -= take;
                *remaining -= take;
                let used = uses.entry(*id).or_insert_with(|| Use {
                    optional: false,
                    ..start(pools, *id)
                });
                used.from_stock += take;
                used.instead_of_others += take;
            }
        }
        for (line, remaining) in lines.iter().zip(remaining) {
            if remaining <= EPSILON {
                continue;
            }
            if graph.is_built(line.sub_part) {
                *build.entry(line.sub_part).or_default() += remaining;
            } else if let Some(used) = uses.get_mut(&line.sub_part) {
                used.shortfall += remaining;
            }
        }
    }
    uses
}

/// Whether nothing is short.
pub fn feasible(uses: &BTreeMap<i32, Use>) -> bool {
    uses.values().all(|u| u.shortfall <= EPSILON)
}
