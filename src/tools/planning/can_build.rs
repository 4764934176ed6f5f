//! How many units of an assembly can be built now, through every BOM level.

use std::collections::{BTreeMap, HashMap};

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::graph::{self, EPSILON, Graph, Line, Supply, Use, supply};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;
use crate::tools::args::PartId;
use crate::tools::tool::{Cx, Nature, Tool, Toolset};

/// The most units the answer looks for.
const MAX_UNITS: i64 = 1_000_000_000;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CanBuildArgs {
    /// The assembly.
    pub part_id: PartId,
    /// Units wanted: adds what each part must give for them, and what is short.
    pub quantity: Option<f64>,
    /// BOM levels to build through (default 0: all). 1 is InvenTree's own can-build figure:
    /// sub-assemblies count only their stock.
    pub levels: Option<i64>,
}

/// A part that runs out first.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Limiting {
    pub part: i32,
    pub part_name: String,
    /// Its available stock.
    pub available: f64,
    /// What can_build + 1 units need of it.
    pub required: f64,
    /// How many more would allow can_build + 1.
    pub short_by: f64,
}

/// What the asked quantity takes of one part.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Requirement {
    pub part: i32,
    pub part_name: String,
    #[serde(rename = "IPN")]
    pub ipn: Option<String>,
    pub units: Option<String>,
    /// Asked for by the BOM lines naming it.
    pub required: f64,
    /// Available stock: in stock less allocations to open sales orders and active builds
    /// (at levels 1, with InvenTree, plus its variants' and the line's substitutes').
    pub available: f64,
    /// Taken from its stock, for its own lines and in place of other parts.
    pub from_stock: f64,
    /// Of from_stock, used in place of another part (as a variant or substitute).
    pub instead_of_others: f64,
    /// Units built here from its own BOM (sub-assemblies).
    pub to_build: f64,
    pub shortfall: f64,
    /// Every line naming it is optional (InvenTree's can-build counts optional lines).
    pub optional: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CanBuildAnswer {
    pub part_id: i32,
    pub part_name: String,
    pub levels: i64,
    /// The most units that can be built now. Through every level (levels 0): each
    /// sub-assembly's stock first, then built from its components; every part's stock is
    /// shared by all lines that use it; variants where a line allows them and substitutes
    /// stand in for a part once its own stock is used.
    pub can_build: i64,
    /// InvenTree's own figure (Part.can_build): one level, each line on its own, variant
    /// stock counted on every line, rounding multiples ignored.
    pub inventree_can_build: i64,
    /// The parts short for can_build + 1 units, most short first.
    pub limiting: Vec<Limiting>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<f64>,
    /// With quantity: every part it takes, parts short first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requirements: Option<Vec<Requirement>>,
}

pub struct CanBuild;

impl Tool for CanBuild {
    const NAME: &str = "can_build";
    const TITLE: &str = "Can it be built";
    const DESCRIPTION: &str = "How many units of an assembly can be built now through every \
        BOM level (shared stock, sub-assembly stock first, substitutes, variants), the parts \
        that run out first, and with quantity what each part must give and what is short.";
    const TOOLSET: Toolset = Toolset::Planning;
    /// Stock figures and allocations are part, stock, order and build data read as part
    /// figures, which InvenTree shows under part.view.
    const REQUIRES: &[Permission] = &[
        Permission(Role::Bom, Action::View),
        Permission(Role::Part, Action::View),
    ];
    const NATURE: Nature = Nature::Read;
    type Args = CanBuildArgs;
    type Output = CanBuildAnswer;

    async fn run(cx: &mut Cx<'_>, args: CanBuildArgs) -> Result<CanBuildAnswer, ToolError> {
        let part_id = args.part_id.0;
        let levels = args.levels.unwrap_or(0);
        if !(0..=100).contains(&levels) {
            return Err(ToolError::invalid(
                "levels",
                format!("must be between 0 (all) and 100, got {levels}"),
            ));
        }
        if let Some(quantity) = args.quantity
            && !(quantity > 0.0 && quantity <= MAX_UNITS as f64)
        {
            return Err(ToolError::invalid(
                "quantity",
                format!("must be above 0 and at most {MAX_UNITS}, got {quantity}"),
            ));
        }
        let part_name = sqlx::query_file_scalar!("queries/bom/part_name.sql", part_id)
            .fetch_optional(cx.db().await?)
            .await?
            .ok_or(ToolError::NotFound {
                what: "part",
                id: part_id.into(),
            })?;
        let graph = Graph::load(cx, &[part_id], levels, false).await?;
        let supplies = supply(cx, &graph.parts()).await?;
        let pools = supplies.iter().map(|(id, s)| (*id, s.available)).collect();
        let top = &graph.lines[&part_id];
        if top.is_empty() {
            return Err(ToolError::invalid(
                "part_id",
                format!("part {part_id} ({part_name}) has no BOM lines: give an assembly"),
            ));
        }
        let inventree_can_build = inventree_figure(top, &supplies);
        let take = |n: f64| -> BTreeMap<i32, Use> {
            if levels == 1 {
                single_level(top, &supplies, n)
            } else {
                let mut uses = graph::pooled(&graph, &pools, &[(part_id, n)], &[], false);
                uses.remove(&part_id);
                uses
            }
        };
        let can_build = if levels == 1 {
            inventree_can_build
        } else {
            largest(|n| graph::feasible(&take(n as f64)))
        };
        let limiting = if can_build < MAX_UNITS {
            let mut short: Vec<Limiting> = take((can_build + 1) as f64)
                .into_iter()
                .filter(|(_, u)| u.shortfall > EPSILON)
                .map(|(part, u)| Limiting {
                    part,
                    part_name: supplies
                        .get(&part)
                        .map_or(String::new(), |s| s.name.clone()),
                    available: u.available,
                    required: u.required,
                    short_by: u.shortfall,
                })
                .collect();
            short.sort_by(|a, b| b.short_by.total_cmp(&a.short_by).then(a.part.cmp(&b.part)));
            short
        } else {
            Vec::new()
        };
        let requirements = args.quantity.map(|quantity| {
            let mut list: Vec<Requirement> = take(quantity)
                .into_iter()
                .map(|(part, u)| {
                    let supply = supplies.get(&part);
                    Requirement {
                        part,
                        part_name: supply.map_or(String::new(), |s| s.name.clone()),
                        ipn: supply.and_then(|s| s.ipn.clone()),
                        units: supply.and_then(|s| s.units.clone()),
                        required: u.required,
                        available: u.available,
                        from_stock: u.from_stock,
                        instead_of_others: u.instead_of_others,
                        to_build: u.to_build,
                        shortfall: u.shortfall,
                        optional: u.optional,
                    }
                })
                .collect();
            list.sort_by(|a, b| {
                (b.shortfall > EPSILON)
                    .cmp(&(a.shortfall > EPSILON))
                    .then(a.part_name.cmp(&b.part_name))
                    .then(a.part.cmp(&b.part))
            });
            list
        });
        Ok(CanBuildAnswer {
            part_id,
            part_name,
            levels,
            can_build,
            inventree_can_build,
            limiting,
            quantity: args.quantity,
            requirements,
        })
    }
}

/// InvenTree's `Part.can_build`: per non-consumable line, (available + variant available +
/// substitute available - setup quantity) / (quantity x (1 + attrition %)), 0 for a line
/// of quantity 0; the smallest, at least 0, truncated.
fn inventree_figure(lines: &[Line], supplies: &HashMap<i32, Supply>) -> i64 {
    lines
        .iter()
        .filter(|l| !l.consumable)
        .map(|l| {
            if l.quantity == 0.0 {
                return 0.0;
            }
            let available = line_available(l, supplies);
            ((available - l.setup_quantity) / (l.quantity * (1.0 + l.attrition / 100.0))).max(0.0)
        })
        .reduce(f64::min)
        .map_or(0, |n| n.max(0.0) as i64)
}

/// InvenTree's single-level view of building `n`: each non-consumable line on its own
/// against its part's, variants' and substitutes' available stock, without rounding.
fn single_level(lines: &[Line], supplies: &HashMap<i32, Supply>, n: f64) -> BTreeMap<i32, Use> {
    let mut uses: BTreeMap<i32, Use> = BTreeMap::new();
    for line in lines.iter().filter(|l| !l.consumable) {
        let required = line.required(n, false);
        let available = line_available(line, supplies);
        let used = uses.entry(line.sub_part).or_insert_with(|| Use {
            optional: true,
            ..Use::default()
        });
        used.required += required;
        used.available = used.available.max(available);
        used.from_stock += required.min(available);
        used.shortfall += (required - available).max(0.0);
        used.optional &= line.optional;
    }
    uses
}

/// The largest n in 0..=MAX_UNITS for which `fits(n)`, assuming fits(0) and that fits is
/// monotone.
fn largest(fits: impl Fn(i64) -> bool) -> i64 {
    // fits(low), and !fits(high) once the doubling stops.
    let (mut low, mut high) = (0, 1);
    while fits(high) {
        low = high;
        if high == MAX_UNITS {
            return MAX_UNITS;
        }
        high = (high * 2).min(MAX_UNITS);
    }
    while high - low > 1 {
        let mid = low + (high - low) / 2;
        if fits(mid) {
            low = mid;
        } else {
            high = mid;
        }
    }
    low
}

/// What InvenTree's can-build counts for a line: the sub-part's available stock, its
/// variants' and the line's substitutes'.
fn line_available(line: &Line, supplies: &HashMap<i32, Supply>) -> f64 {
    let own = supplies.get(&line.sub_part).map_or(0.0, |s| s.available);
    own + line.variant_available + line.substitute_available
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_fitting_number_is_found() {
        assert_eq!(largest(|n| n <= 0), 0);
        assert_eq!(largest(|n| n <= 1), 1);
        assert_eq!(largest(|n| n <= 37), 37);
        assert_eq!(largest(|n| n <= 64), 64);
        assert_eq!(largest(|_| true), MAX_UNITS);
    }
}
