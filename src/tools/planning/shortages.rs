//! What must be bought (or built) to cover the open builds, sales orders and minimum
//! stocks, or a plan of assemblies to build, with the cheapest supplier for each part.

use std::collections::{BTreeMap, HashMap};

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::graph::{self, EPSILON, Graph, Supply, Use, supply};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;
use crate::tools::args::PartId;
use crate::tools::paging::Window;
use crate::tools::sourcing::{ExchangeRates, SupplierPrice, cheapest_supplier_prices};
use crate::tools::tool::{Cx, Nature, Tool, Toolset};

/// The most units of an assembly a plan may ask for.
const MAX_UNITS: f64 = 1e9;
/// The most entries a plan may have.
const MAX_PLAN: usize = 100;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanEntry {
    /// An assembly to build.
    pub part_id: PartId,
    /// Units (whole).
    pub quantity: f64,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShortagesArgs {
    /// Assemblies to build. Without: active builds, open sales orders, minimum stocks.
    pub plan: Option<Vec<PlanEntry>>,
    /// Max parts (default 100); totals cover all.
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// Where a requirement comes from.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// An active build order's line (id: the build).
    Build,
    /// An open sales order's line (id: the order).
    SalesOrder,
    /// The part's minimum stock (id: the part).
    MinimumStock,
    /// The plan asked (id: the part).
    Plan,
    /// A line of an assembly built to cover the above (id: the assembly).
    Assembly,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Source {
    pub kind: SourceKind,
    pub id: i32,
    /// The order's or build's reference, or the part's name.
    pub reference: String,
    pub quantity: f64,
}

/// How a part short is got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Acquire {
    /// Purchaseable: order `to_order`.
    Buy,
    /// Not purchaseable, has a BOM: build `to_order`; its components are counted here too.
    Build,
    /// Neither purchaseable nor with a BOM: nothing here can cover it.
    None,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Shortage {
    pub part: i32,
    pub part_name: String,
    #[serde(rename = "IPN")]
    pub ipn: Option<String>,
    pub units: Option<String>,
    pub action: Acquire,
    /// Asked for by the sources (minimum stock included).
    pub requirement: f64,
    /// In stock less allocations to open sales orders and active builds (own stock).
    pub available: f64,
    /// On open purchase orders, not yet received.
    pub on_order: f64,
    /// Still to come out of the part's active builds.
    pub in_production: f64,
    /// What to buy or build: requirement - available - on_order - in_production (what
    /// variants or substitutes do not cover), whole units for builds.
    pub to_order: f64,
    /// Every source of the requirement.
    pub sources: Vec<Source>,
    /// Buy: the cheapest active supplier part for to_order (null when none has a price).
    pub supplier_price: Option<SupplierPrice>,
}

/// What the parts to buy cost at one supplier.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SupplierTotal {
    pub supplier: i32,
    pub supplier_name: String,
    pub parts: i64,
    /// In the default currency; null when some price has no exchange rate.
    pub total: Option<f64>,
    /// The totals by the prices' own currencies.
    pub totals_by_currency: BTreeMap<String, f64>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct ShortagesAnswer {
    /// What was counted: builds, sales orders and minimum stock, or the plan.
    pub counted: Vec<SourceKind>,
    /// InvenTree's default currency.
    pub default_currency: String,
    /// Parts to buy or build, buy first, by supplier and name.
    pub items: Vec<Shortage>,
    /// Parts short in all (over every page).
    pub count: i64,
    pub next_offset: Option<i64>,
    /// Per supplier, the parts to buy from it (cheapest supplier part), cheapest total first.
    pub suppliers: Vec<SupplierTotal>,
    /// Parts to buy that no active supplier part prices, by id.
    pub unpriced: Vec<i32>,
    /// Sum of the supplier totals in the default currency; null if one could not be
    /// converted.
    pub total: Option<f64>,
}

pub struct Shortages;

impl Tool for Shortages {
    const NAME: &str = "shortages";
    const TITLE: &str = "What to buy";
    const DESCRIPTION: &str = "What must be bought or built for the active builds, open sales \
        orders and minimum stocks, or for a plan of assemblies, through every BOM level, net of \
        stock, orders and builds; with the cheapest supplier part and totals per supplier.";
    const TOOLSET: Toolset = Toolset::Planning;
    /// Build lines, sales order lines, purchase orders and supplier prices are read.
    const REQUIRES: &[Permission] = &[
        Permission(Role::Part, Action::View),
        Permission(Role::Bom, Action::View),
        Permission(Role::Build, Action::View),
        Permission(Role::SalesOrder, Action::View),
        Permission(Role::PurchaseOrder, Action::View),
    ];
    const NATURE: Nature = Nature::Read;
    type Args = ShortagesArgs;
    type Output = ShortagesAnswer;

    async fn run(cx: &mut Cx<'_>, args: ShortagesArgs) -> Result<ShortagesAnswer, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        // Direct requirements, with their sources, and the assemblies the plan builds.
        let mut sources: BTreeMap<i32, Vec<Source>> = BTreeMap::new();
        let mut builds: Vec<(i32, f64)> = Vec::new();
        let counted = match &args.plan {
            Some(plan) => {
                validate(plan)?;
                for entry in plan {
                    builds.push((entry.part_id.0, (entry.quantity - EPSILON).ceil()));
                }
                vec![SourceKind::Plan]
            }
            None => {
                let rows = sqlx::query_file!("queries/planning/demand.sql")
                    .fetch_all(cx.db().await?)
                    .await?;
                for row in rows {
                    let kind = match row.kind.as_str() {
                        "build" => SourceKind::Build,
                        "sales_order" => SourceKind::SalesOrder,
                        _ => SourceKind::MinimumStock,
                    };
                    sources.entry(row.part).or_default().push(Source {
                        kind,
                        id: row.id,
                        reference: row.reference,
                        quantity: row.quantity,
                    });
                }
                vec![
                    SourceKind::Build,
                    SourceKind::SalesOrder,
                    SourceKind::MinimumStock,
                ]
            }
        };
        let direct: Vec<i32> = sources.keys().copied().collect();
        let mut supplies = supply(cx, &direct).await?;
        if let Some(plan) = &args.plan {
            let ids: Vec<i32> = plan.iter().map(|e| e.part_id.0).collect();
            supplies.extend(supply(cx, &ids).await?);
            for (i, entry) in plan.iter().enumerate() {
                let id = entry.part_id.0;
                match supplies.get(&id) {
                    None => {
                        return Err(ToolError::invalid(
                            format!("plan[{i}].part_id"),
                            format!("part {id} does not exist"),
                        ));
                    }
                    Some(part) if !part.has_bom => {
                        return Err(ToolError::invalid(
                            format!("plan[{i}].part_id"),
                            format!(
                                "part {id} ({}) has no BOM lines: give an assembly",
                                part.name
                            ),
                        ));
                    }
                    Some(_) => {}
                }
            }
        }
        // Assemblies asked for that cannot be bought are built from their BOMs.
        let mut tops: Vec<i32> = builds.iter().map(|b| b.0).collect();
        tops.extend(direct.iter().filter(|id| {
            supplies
                .get(id)
                .is_some_and(|p| p.has_bom && !p.purchaseable)
        }));
        tops.sort();
        tops.dedup();
        let graph = Graph::load(cx, &tops, 0, true).await?;
        let missing: Vec<i32> = graph
            .parts()
            .into_iter()
            .filter(|id| !supplies.contains_key(id))
            .collect();
        supplies.extend(supply(cx, &missing).await?);

        // Without a plan, every part met counts its minimum stock, not only those below it.
        if args.plan.is_none() {
            for (id, part) in &supplies {
                let counted = sources.get(id).is_some_and(|list| {
                    list.iter()
                        .any(|s| matches!(s.kind, SourceKind::MinimumStock))
                });
                if part.active && part.minimum_stock > 0.0 && !counted {
                    sources.entry(*id).or_default().push(Source {
                        kind: SourceKind::MinimumStock,
                        id: *id,
                        reference: part.name.clone(),
                        quantity: part.minimum_stock,
                    });
                }
            }
        }
        let pools: HashMap<i32, f64> = supplies
            .iter()
            .map(|(id, p)| (*id, p.available + p.on_order + p.in_production))
            .collect();
        let demands: Vec<(i32, f64)> = sources
            .iter()
            .map(|(part, list)| (*part, list.iter().map(|s| s.quantity).sum()))
            .collect();
        let uses = graph::pooled(&graph, &pools, &builds, &demands, true);

        let mut short: Vec<Shortage> = Vec::new();
        for (part, used) in &uses {
            let Some(info) = supplies.get(part) else {
                continue;
            };
            // Built here beyond what the plan asks: what its stock, orders and builds did
            // not cover.
            let planned: f64 = builds.iter().filter(|b| b.0 == *part).map(|b| b.1).sum();
            let (action, to_order) = if used.to_build - planned > EPSILON {
                (Acquire::Build, used.to_build - planned)
            } else if used.shortfall > EPSILON {
                let action = if info.purchaseable {
                    Acquire::Buy
                } else {
                    Acquire::None
                };
                (action, used.shortfall)
            } else {
                continue;
            };
            short.push(Shortage {
                part: *part,
                part_name: info.name.clone(),
                ipn: info.ipn.clone(),
                units: info.units.clone(),
                action,
                requirement: used.required,
                available: info.available,
                on_order: info.on_order,
                in_production: info.in_production,
                to_order,
                sources: sources_of(*part, planned, used, &sources, &supplies),
                supplier_price: None,
            });
        }

        let rates = ExchangeRates::load(cx).await?;
        let wanted: Vec<(i32, f64)> = short
            .iter()
            .filter(|s| s.action == Acquire::Buy)
            .map(|s| (s.part, s.to_order))
            .collect();
        let mut prices = cheapest_supplier_prices(cx, &rates, &wanted).await?;
        for shortage in &mut short {
            if shortage.action == Acquire::Buy {
                shortage.supplier_price = prices.remove(&shortage.part);
            }
        }
        let (suppliers, unpriced, total) = supplier_totals(&short, &rates);
        short.sort_by(|a, b| {
            let supplier =
                |s: &Shortage| s.supplier_price.as_ref().map(|p| p.supplier_name.clone());
            a.action
                .cmp(&b.action)
                .then(supplier(a).is_none().cmp(&supplier(b).is_none()))
                .then(supplier(a).cmp(&supplier(b)))
                .then(a.part_name.cmp(&b.part_name))
                .then(a.part.cmp(&b.part))
        });
        let count = short.len() as i64;
        let items: Vec<Shortage> = short
            .into_iter()
            .skip(window.offset as usize)
            .take(window.limit as usize)
            .collect();
        let end = window.offset + items.len() as i64;
        Ok(ShortagesAnswer {
            counted,
            default_currency: rates.default_currency.clone(),
            items,
            count,
            next_offset: (end < count).then_some(end),
            suppliers,
            unpriced,
            total,
        })
    }
}

fn validate(plan: &[PlanEntry]) -> Result<(), ToolError> {
    if plan.is_empty() || plan.len() > MAX_PLAN {
        return Err(ToolError::invalid(
            "plan",
            format!("must list 1 to {MAX_PLAN} assemblies, got {}", plan.len()),
        ));
    }
    for (i, entry) in plan.iter().enumerate() {
        if !(entry.quantity > 0.0 && entry.quantity <= MAX_UNITS) {
            return Err(ToolError::invalid(
                format!("plan[{i}].quantity"),
                format!(
                    "must be above 0 and at most {MAX_UNITS}, got {}",
                    entry.quantity
                ),
            ));
        }
    }
    Ok(())
}

/// The direct sources of a part's requirement (the plan's included), then the assemblies
/// whose lines ask for it.
fn sources_of(
    part: i32,
    planned: f64,
    used: &Use,
    direct: &BTreeMap<i32, Vec<Source>>,
    supply: &HashMap<i32, Supply>,
) -> Vec<Source> {
    let mut list: Vec<Source> = direct.get(&part).cloned().unwrap_or_default();
    if planned > 0.0 {
        list.push(Source {
            kind: SourceKind::Plan,
            id: part,
            reference: supply.get(&part).map_or(String::new(), |p| p.name.clone()),
            quantity: planned,
        });
    }
    let mut by_assembly: BTreeMap<i32, f64> = BTreeMap::new();
    for (assembly, quantity) in &used.needed_by {
        *by_assembly.entry(*assembly).or_default() += quantity;
    }
    list.extend(by_assembly.into_iter().map(|(assembly, quantity)| {
        Source {
            kind: SourceKind::Assembly,
            id: assembly,
            reference: supply
                .get(&assembly)
                .map_or(String::new(), |p| p.name.clone()),
            quantity,
        }
    }));
    list
}

/// Totals per supplier (cheapest first), the parts to buy without a price, and the grand
/// total in the default currency.
fn supplier_totals(
    short: &[Shortage],
    rates: &ExchangeRates,
) -> (Vec<SupplierTotal>, Vec<i32>, Option<f64>) {
    let mut suppliers: BTreeMap<i32, SupplierTotal> = BTreeMap::new();
    let mut unpriced = Vec::new();
    for shortage in short.iter().filter(|s| s.action == Acquire::Buy) {
        let Some(price) = &shortage.supplier_price else {
            unpriced.push(shortage.part);
            continue;
        };
        let entry = suppliers
            .entry(price.supplier)
            .or_insert_with(|| SupplierTotal {
                supplier: price.supplier,
                supplier_name: price.supplier_name.clone(),
                parts: 0,
                total: Some(0.0),
                totals_by_currency: BTreeMap::new(),
            });
        entry.parts += 1;
        let amount = price.total.unwrap_or(0.0);
        let currency = price
            .price_currency
            .clone()
            .unwrap_or_else(|| rates.default_currency.clone());
        *entry.totals_by_currency.entry(currency).or_default() += amount;
        entry.total = entry.total.zip(price.total_converted).map(|(a, b)| a + b);
    }
    let mut suppliers: Vec<SupplierTotal> = suppliers.into_values().collect();
    suppliers.sort_by(|a, b| {
        let key = |s: &SupplierTotal| s.total.unwrap_or(f64::INFINITY);
        key(a)
            .total_cmp(&key(b))
            .then(a.supplier_name.cmp(&b.supplier_name))
    });
    let total = suppliers
        .iter()
        .try_fold(0.0, |sum, s| s.total.map(|t| sum + t));
    (suppliers, unpriced, total)
}
