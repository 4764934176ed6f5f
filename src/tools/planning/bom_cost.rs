//! What an assembly costs: its BOM exploded through every level, each component priced at
//! its total requirement.

use std::collections::{BTreeMap, HashMap};

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;
use crate::tools::args::PartId;
use crate::tools::bom::{Exploded, build_quantity, explode, part_name};
use crate::tools::sourcing::{
    ExchangeRates, Money, PriceRange, SupplierPrice, cheapest_supplier_prices,
};
use crate::tools::tool::{Cx, Nature, Tool, Toolset};

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BomCostArgs {
    /// The assembly.
    pub part_id: PartId,
    /// Units to build (default 1).
    pub quantity: Option<f64>,
}

/// Where a component's price comes from.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PriceSource {
    /// The cheapest active supplier part for the requirement (packs and order multiples
    /// rounded up, as get_part_pricing).
    Supplier {
        supplier_part: i32,
        supplier: i32,
        supplier_name: String,
        #[serde(rename = "SKU")]
        sku: String,
        /// Packs ordered.
        packs: f64,
        /// The price break applied, in packs.
        break_quantity: f64,
        /// Per pack.
        price: f64,
        price_currency: Option<String>,
    },
    /// The part's internal price break (InvenTree's PART_INTERNAL_PRICE and
    /// PART_BOM_USE_INTERNAL_PRICE are on): price x quantity + the part's base cost.
    Internal {
        break_quantity: f64,
        /// Per unit.
        price: f64,
        price_currency: Option<String>,
    },
}

/// A component at the bottom of the BOM (a line not exploded further), priced.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CostLine {
    pub part: i32,
    pub part_name: String,
    /// Needed for one unit of the assembly, through every level.
    pub required_for_one: f64,
    /// Needed for `quantity` units.
    pub required: f64,
    /// Every line it comes from is optional or under an optional line.
    pub optional: bool,
    /// Some line it comes from is consumable.
    pub consumable: bool,
    /// cost / required.
    pub unit_price: f64,
    /// The price of `required`, in `currency`.
    pub cost: f64,
    /// The default currency when converted; else the price's own, and the line is left out
    /// of the totals.
    pub currency: Option<String>,
    /// The price of `required_for_one`, looked up at that quantity.
    pub cost_of_one: Option<Money>,
    /// Where the price of `required` comes from.
    pub source: PriceSource,
}

/// A component with neither a priced supplier break nor an internal price used for BOMs.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Unpriced {
    pub part: i32,
    pub part_name: String,
    pub required: f64,
    pub optional: bool,
}

/// Sums of the priced components, in the default currency.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CostTotals {
    /// Every line.
    pub total: f64,
    /// Without optional lines (and what is under them). A component needed by both kinds
    /// counts its non-optional share at its unit price.
    pub total_without_optional: f64,
    /// False when a component has no price or one in a currency without an exchange rate.
    pub complete: bool,
}

/// InvenTree's cached pricing of the assembly (`part_partpricing`), per unit.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CachedBomCost {
    /// Its BOM lines' component ranges times their quantities.
    pub bom_cost: PriceRange,
    /// The range InvenTree shows.
    pub overall: PriceRange,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct BomCostAnswer {
    pub part_id: i32,
    pub part_name: String,
    /// Units costed.
    pub quantity: f64,
    /// InvenTree's default currency, of the totals.
    pub currency: String,
    /// For `quantity` units.
    pub cost: CostTotals,
    /// cost.total / quantity. Setup quantities and price breaks make it differ from
    /// cost_of_one.
    pub per_unit: f64,
    /// One unit, with its own requirements and price lookups.
    pub cost_of_one: CostTotals,
    /// The priced components, by name.
    pub lines: Vec<CostLine>,
    /// Components without a price: not counted in the totals.
    pub unpriced: Vec<Unpriced>,
    /// Null when InvenTree has never priced the part.
    pub inventree_pricing: Option<CachedBomCost>,
    /// Present when the totals leave something out.
    pub note: Option<String>,
}

pub struct BomCost;

impl Tool for BomCost {
    const NAME: &str = "bom_cost";
    const TITLE: &str = "Cost of an assembly";
    const DESCRIPTION: &str = "What `quantity` units of an assembly cost through every BOM \
        level: each component at its total requirement, from its cheapest active supplier \
        part (or internal price where InvenTree uses it for BOMs); totals with and without \
        optional lines, per unit and for one unit, unpriced components, InvenTree's cached \
        BOM price range.";
    const TOOLSET: Toolset = Toolset::Planning;
    /// BOM lines (bom), parts and internal price breaks (part), supplier price breaks
    /// (purchase_order).
    const REQUIRES: &[Permission] = &[
        Permission(Role::Bom, Action::View),
        Permission(Role::Part, Action::View),
        Permission(Role::PurchaseOrder, Action::View),
    ];
    const NATURE: Nature = Nature::Read;
    type Args = BomCostArgs;
    type Output = BomCostAnswer;

    async fn run(cx: &mut Cx<'_>, args: BomCostArgs) -> Result<BomCostAnswer, ToolError> {
        let part_id = args.part_id.0;
        let quantity = build_quantity(args.quantity)?;
        let part_name = part_name(cx, part_id).await?;
        let leaves = leaves_of(&explode(cx, part_id, &part_name, quantity, 0).await?);
        if leaves.is_empty() {
            return Err(ToolError::invalid(
                "part_id",
                format!("part {part_id} ({part_name}) is not an assembly with BOM lines"),
            ));
        }
        let leaves_of_one = leaves_of(&explode(cx, part_id, &part_name, 1.0, 0).await?);
        let rates = ExchangeRates::load(cx).await?;
        let prices_of_n = prices(cx, &rates, &leaves).await?;
        let prices_of_one = prices(cx, &rates, &leaves_of_one).await?;
        let cost = totals(&leaves, &prices_of_n, &rates);
        let cost_of_one = totals(&leaves_of_one, &prices_of_one, &rates);

        let (mut lines, mut unpriced) = (Vec::new(), Vec::new());
        for leaf in leaves.into_values() {
            let Some(price) = prices_of_n.get(&leaf.part) else {
                unpriced.push(Unpriced {
                    part: leaf.part,
                    part_name: leaf.name,
                    required: leaf.required,
                    optional: leaf.optional,
                });
                continue;
            };
            let (cost, currency) = price.in_default(&rates);
            let cost_of_one = prices_of_one.get(&leaf.part).map(|p| {
                let (amount, currency) = p.in_default(&rates);
                Money { amount, currency }
            });
            lines.push(CostLine {
                part: leaf.part,
                part_name: leaf.name,
                required_for_one: leaves_of_one[&leaf.part].required,
                required: leaf.required,
                optional: leaf.optional,
                consumable: leaf.consumable,
                unit_price: cost / leaf.required,
                cost,
                currency,
                cost_of_one,
                source: price.source.clone(),
            });
        }
        lines.sort_by(|a, b| a.part_name.cmp(&b.part_name).then(a.part.cmp(&b.part)));
        unpriced.sort_by(|a, b| a.part_name.cmp(&b.part_name).then(a.part.cmp(&b.part)));
        let note = note(&rates, &lines, &unpriced);
        Ok(BomCostAnswer {
            part_id,
            part_name,
            quantity,
            currency: rates.default_currency,
            per_unit: cost.total / quantity,
            cost,
            cost_of_one,
            lines,
            unpriced,
            inventree_pricing: cached_bom_cost(cx, part_id).await?,
            note,
        })
    }
}

/// A part at the bottom of the explosion, with its requirement over all its lines.
struct Leaf {
    part: i32,
    name: String,
    required: f64,
    /// Over the lines neither optional nor under an optional line.
    required_without_optional: f64,
    optional: bool,
    consumable: bool,
}

/// The leaves of an explosion (lines not exploded further), by part.
fn leaves_of(rows: &[Exploded]) -> BTreeMap<i32, Leaf> {
    let mut leaves = BTreeMap::new();
    for row in rows.iter().filter(|row| !row.has_children) {
        let leaf = leaves.entry(row.sub_part).or_insert_with(|| Leaf {
            part: row.sub_part,
            name: row.sub_part_name.clone(),
            required: 0.0,
            required_without_optional: 0.0,
            optional: true,
            consumable: false,
        });
        leaf.required += row.required;
        if !row.under_optional {
            leaf.required_without_optional += row.required;
        }
        leaf.optional &= row.under_optional;
        leaf.consumable |= row.consumable;
    }
    leaves
}

/// A leaf's price for its requirement.
struct Price {
    total: f64,
    currency: Option<String>,
    source: PriceSource,
}

impl Price {
    /// A supplier part's price, when it has one.
    fn from_supplier(p: SupplierPrice) -> Option<Price> {
        Some(Price {
            total: p.total?,
            currency: p.price_currency.clone(),
            source: PriceSource::Supplier {
                supplier_part: p.supplier_part,
                supplier: p.supplier,
                supplier_name: p.supplier_name,
                sku: p.sku,
                packs: p.packs,
                break_quantity: p.break_quantity?,
                price: p.price?,
                price_currency: p.price_currency,
            },
        })
    }

    /// The total in the default currency where a rate converts it, else as priced.
    fn in_default(&self, rates: &ExchangeRates) -> (f64, Option<String>) {
        match self.currency.as_deref().and_then(|c| rates.rate(c)) {
            Some(rate) => (self.total * rate, Some(rates.default_currency.clone())),
            None => (self.total, self.currency.clone()),
        }
    }
}

/// The sums over the leaves priced in the default currency.
fn totals(
    leaves: &BTreeMap<i32, Leaf>,
    prices: &HashMap<i32, Price>,
    rates: &ExchangeRates,
) -> CostTotals {
    let mut totals = CostTotals {
        total: 0.0,
        total_without_optional: 0.0,
        complete: true,
    };
    for leaf in leaves.values() {
        match prices.get(&leaf.part).map(|p| p.in_default(rates)) {
            Some((cost, currency)) if currency == Some(rates.default_currency.clone()) => {
                totals.total += cost;
                totals.total_without_optional += if leaf.required_without_optional == leaf.required
                {
                    cost
                } else {
                    cost / leaf.required * leaf.required_without_optional
                };
            }
            _ => totals.complete = false,
        }
    }
    totals
}

/// What the totals leave out: unpriced components, and prices no exchange rate converts.
fn note(rates: &ExchangeRates, lines: &[CostLine], unpriced: &[Unpriced]) -> Option<String> {
    let mut notes = Vec::new();
    if !unpriced.is_empty() {
        notes.push(format!(
            "{} components have no price (no internal price used for BOMs, no active supplier \
             part with a priced break) and are not counted: the totals are incomplete.",
            unpriced.len()
        ));
    }
    let default = Some(rates.default_currency.as_str());
    let unconverted: Vec<String> = lines
        .iter()
        .filter(|l| l.currency.as_deref() != default)
        .map(|l| {
            let currency = l.currency.as_deref().unwrap_or("no currency");
            format!("{} ({} {currency})", l.part_name, l.cost)
        })
        .collect();
    if !unconverted.is_empty() {
        notes.push(format!(
            "No exchange rate converts these prices into {}, so they are listed but not \
             summed: {}.",
            rates.default_currency,
            unconverted.join(", ")
        ));
    }
    (!notes.is_empty()).then(|| notes.join(" "))
}

/// InvenTree's cached BOM cost and overall range of the part, when it has priced it.
async fn cached_bom_cost(
    cx: &mut Cx<'_>,
    part_id: i32,
) -> Result<Option<CachedBomCost>, ToolError> {
    let row = sqlx::query_file!("queries/planning/cached_bom_cost.sql", part_id)
        .fetch_optional(cx.db().await?)
        .await?;
    let money = |amount: Option<f64>, currency| amount.map(|amount| Money { amount, currency });
    Ok(row.map(|r| CachedBomCost {
        bom_cost: PriceRange {
            min: money(r.bom_cost_min, r.bom_cost_min_currency),
            max: money(r.bom_cost_max, r.bom_cost_max_currency),
        },
        overall: PriceRange {
            min: money(r.overall_min, r.overall_min_currency),
            max: money(r.overall_max, r.overall_max_currency),
        },
    }))
}

/// Each leaf's price for its requirement: its internal price where InvenTree prices BOMs
/// with it, else its cheapest supplier price; leaves with neither are absent.
async fn prices(
    cx: &mut Cx<'_>,
    rates: &ExchangeRates,
    leaves: &BTreeMap<i32, Leaf>,
) -> Result<HashMap<i32, Price>, ToolError> {
    let wanted: Vec<(i32, f64)> = leaves.values().map(|l| (l.part, l.required)).collect();
    let mut prices: HashMap<i32, Price> = cheapest_supplier_prices(cx, rates, &wanted)
        .await?
        .into_iter()
        .filter_map(|(part, p)| Some((part, Price::from_supplier(p)?)))
        .collect();
    let (parts, quantities): (Vec<i32>, Vec<f64>) = wanted.into_iter().unzip();
    let internal = sqlx::query_file!("queries/planning/internal_prices.sql", &parts, &quantities)
        .fetch_all(cx.db().await?)
        .await?;
    for row in internal {
        let price = Price {
            total: row.total,
            currency: row.price_currency.clone(),
            source: PriceSource::Internal {
                break_quantity: row.break_quantity,
                price: row.price,
                price_currency: row.price_currency,
            },
        };
        prices.insert(row.part, price);
    }
    Ok(prices)
}
