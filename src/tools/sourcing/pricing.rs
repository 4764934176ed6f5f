//! A part's pricing: InvenTree's cached price ranges, its internal and sale price breaks, and
//! what each supplier charges for a quantity.

use std::cmp::Ordering;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::supplier_parts::PriceBreak;
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;
use crate::tools::args::PartId;
use crate::tools::tool::{Cx, Nature, Tool, Toolset};

/// InvenTree's quantity fields hold numeric(15,5): below 10^10.
const MAX_QUANTITY: f64 = 1e10;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetPartPricingArgs {
    /// The part's id.
    pub part_id: PartId,
    /// Units of the part to buy: adds each active supplier part's price for it.
    pub quantity: Option<f64>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Money {
    pub amount: f64,
    pub currency: Option<String>,
}

/// A min/max pair as InvenTree stores it; null where it has no value.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PriceRange {
    pub min: Option<Money>,
    pub max: Option<Money>,
}

/// InvenTree's cached pricing (`part_partpricing`), per unit of the part, recomputed by its
/// background task.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CachedPricing {
    /// The default currency when it was computed.
    pub currency: String,
    /// When it was last saved.
    pub updated: Option<DateTime<Utc>>,
    pub scheduled_for_update: bool,
    /// Assemblies: the BOM lines' component ranges times their quantities.
    pub bom_cost: PriceRange,
    /// Completed purchase orders and stock item purchase prices.
    pub purchase_cost: PriceRange,
    /// Internal price breaks (when InvenTree's internal prices are on).
    pub internal_cost: PriceRange,
    /// Supplier price breaks, each price divided by its pack size.
    pub supplier_price: PriceRange,
    /// Templates: over their variants.
    pub variant_cost: PriceRange,
    /// Sale price breaks.
    pub sale_price: PriceRange,
    /// Sale prices on shipped and completed sales orders.
    pub sale_history: PriceRange,
    /// Set by hand; wins over the computed overall range.
    #[serde(rename = "override")]
    pub override_range: PriceRange,
    /// The range InvenTree shows, from the above and its pricing settings.
    pub overall: PriceRange,
}

/// What one supplier part charges for the quantity asked.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SupplierPrice {
    pub supplier_part: i32,
    pub supplier: i32,
    pub supplier_name: String,
    #[serde(rename = "SKU")]
    pub sku: String,
    /// One pack in the part's units.
    pub pack_quantity_native: f64,
    /// Order multiple, in packs.
    pub multiple: i32,
    /// Packs to order: the quantity in packs rounded up to whole packs, then up to the
    /// order multiple.
    pub packs: f64,
    /// What those packs hold, in the part's units.
    pub quantity: f64,
    /// The price break applied (in packs): the largest at or below `packs`, else the
    /// smallest. Null when the supplier part has no priced break.
    pub break_quantity: Option<f64>,
    /// Price per pack at that break.
    pub price: Option<f64>,
    pub price_currency: Option<String>,
    /// Price per unit of the part: price / pack_quantity_native.
    pub unit_price: Option<f64>,
    /// Fixed charge per order.
    pub base_cost: f64,
    /// price x packs + base_cost, in price_currency.
    pub total: Option<f64>,
    /// The total in the default currency, with InvenTree's exchange rates; null without a
    /// rate for price_currency.
    pub total_converted: Option<f64>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PartPricing {
    pub part: i32,
    pub part_name: String,
    pub units: Option<String>,
    /// InvenTree's default currency (INVENTREE_DEFAULT_CURRENCY).
    pub default_currency: String,
    /// Null when InvenTree has never priced the part.
    pub pricing: Option<CachedPricing>,
    /// Internal price per unit by quantity.
    pub internal_price_breaks: Vec<PriceBreak>,
    /// Sale price per unit by quantity.
    pub sale_price_breaks: Vec<PriceBreak>,
    /// The quantity priced, in the part's units.
    pub quantity: Option<f64>,
    /// With a quantity: each active supplier part's price for it, cheapest first (converted
    /// totals first, then by currency).
    pub supplier_prices: Option<Vec<SupplierPrice>>,
    /// Present when amounts are in more than one currency, or not in the default one: which
    /// were converted and which could not be.
    pub currency_note: Option<String>,
}

pub struct GetPartPricing;

impl Tool for GetPartPricing {
    const NAME: &str = "get_part_pricing";
    const TITLE: &str = "Get a part's pricing";
    const DESCRIPTION: &str = "A part's cached InvenTree price ranges (BOM, purchase, \
        supplier, sale, overall...), internal and sale price breaks; with quantity, each \
        active supplier part's price for it, rounded up to packs and order multiples, \
        cheapest first.";
    const TOOLSET: Toolset = Toolset::Sourcing;
    /// The part's pricing and price breaks (part); supplier price breaks (purchase_order).
    const REQUIRES: &[Permission] = &[
        Permission(Role::Part, Action::View),
        Permission(Role::PurchaseOrder, Action::View),
    ];
    const NATURE: Nature = Nature::Read;
    type Args = GetPartPricingArgs;
    type Output = PartPricing;

    async fn run(cx: &mut Cx<'_>, args: GetPartPricingArgs) -> Result<PartPricing, ToolError> {
        if let Some(quantity) = args.quantity
            && !(quantity > 0.0 && quantity < MAX_QUANTITY)
        {
            return Err(ToolError::invalid(
                "quantity",
                format!("must be above 0 and below {MAX_QUANTITY}, got {quantity}"),
            ));
        }
        let id = args.part_id.0;
        let mut row = sqlx::query_file_as!(PricingRow, "queries/sourcing/part_pricing.sql", id)
            .fetch_optional(cx.db().await?)
            .await?
            .ok_or(ToolError::NotFound {
                what: "part",
                id: id.into(),
            })?;
        let rates = ExchangeRates::load(cx).await?;
        let (internal_price_breaks, sale_price_breaks) = part_price_breaks(cx, id).await?;
        let supplier_prices: Option<Vec<SupplierPrice>> = match args.quantity {
            None => None,
            Some(quantity) => {
                let mut prices = supplier_prices(cx, &rates, &[id], &[quantity]).await?;
                prices.sort_by(|(_, a), (_, b)| cheapest_first(a, b));
                Some(prices.into_iter().map(|(_, price)| price).collect())
            }
        };
        let pricing = row.cached_pricing();
        let currencies = pricing
            .iter()
            .flat_map(CachedPricing::currencies)
            .chain(
                internal_price_breaks
                    .iter()
                    .chain(&sale_price_breaks)
                    .filter_map(|b| b.price_currency.clone()),
            )
            .chain(
                supplier_prices
                    .iter()
                    .flatten()
                    .filter(|p| p.total.is_some())
                    .filter_map(|p| p.price_currency.clone()),
            )
            .collect();
        let currency_note = currency_note(&rates, &currencies, supplier_prices.is_some());
        Ok(PartPricing {
            part: row.id,
            part_name: row.name,
            units: row.units,
            default_currency: rates.default_currency,
            pricing,
            internal_price_breaks,
            sale_price_breaks,
            quantity: args.quantity,
            supplier_prices,
            currency_note,
        })
    }
}

/// `part_pricing.sql`'s row.
struct PricingRow {
    id: i32,
    name: String,
    units: Option<String>,
    has_pricing: bool,
    currency: Option<String>,
    updated: Option<DateTime<Utc>>,
    scheduled_for_update: Option<bool>,
    /// The nine min/max pairs, in the order of `CachedPricing`'s ranges.
    mins: Vec<Option<f64>>,
    min_currencies: Vec<Option<String>>,
    maxs: Vec<Option<f64>>,
    max_currencies: Vec<Option<String>>,
}

/// InvenTree's default currency and the exchange rates that convert into it.
pub struct ExchangeRates {
    /// INVENTREE_DEFAULT_CURRENCY.
    pub default_currency: String,
    /// Factors into the default currency, by currency.
    rates: HashMap<String, f64>,
    /// When InvenTree last refreshed the rates.
    updated: Option<DateTime<Utc>>,
}

impl ExchangeRates {
    pub async fn load(cx: &mut Cx<'_>) -> Result<ExchangeRates, ToolError> {
        let row = sqlx::query_file!("queries/sourcing/exchange_rates.sql")
            .fetch_one(cx.db().await?)
            .await?;
        let rates = row.rate_currencies.into_iter().zip(row.rate_factors);
        Ok(ExchangeRates {
            default_currency: row.default_currency,
            rates: rates.collect(),
            updated: row.rates_updated,
        })
    }

    /// The factor converting `currency` into the default currency: 1 for the default
    /// itself, None without a rate.
    pub fn rate(&self, currency: &str) -> Option<f64> {
        if currency == self.default_currency {
            return Some(1.0);
        }
        self.rates.get(currency).copied()
    }
}

impl PricingRow {
    /// InvenTree's cached pricing, when the part has a `part_partpricing` row.
    fn cached_pricing(&mut self) -> Option<CachedPricing> {
        if !self.has_pricing {
            return None;
        }
        let money = |amount: Option<f64>, currency| amount.map(|amount| Money { amount, currency });
        let mins = std::mem::take(&mut self.mins)
            .into_iter()
            .zip(std::mem::take(&mut self.min_currencies));
        let maxs = std::mem::take(&mut self.maxs)
            .into_iter()
            .zip(std::mem::take(&mut self.max_currencies));
        let mut ranges = mins
            .zip(maxs)
            .map(|((min, min_currency), (max, max_currency))| PriceRange {
                min: money(min, min_currency),
                max: money(max, max_currency),
            });
        let mut next = || ranges.next().expect("part_pricing.sql gives nine ranges");
        // Fields are evaluated in the order written: the query's order.
        Some(CachedPricing {
            currency: self.currency.clone().unwrap_or_default(),
            updated: self.updated,
            scheduled_for_update: self.scheduled_for_update.unwrap_or(false),
            bom_cost: next(),
            purchase_cost: next(),
            internal_cost: next(),
            supplier_price: next(),
            variant_cost: next(),
            sale_price: next(),
            sale_history: next(),
            override_range: next(),
            overall: next(),
        })
    }
}

impl CachedPricing {
    /// The currencies of its amounts.
    fn currencies(&self) -> impl Iterator<Item = String> + '_ {
        [
            &self.bom_cost,
            &self.purchase_cost,
            &self.internal_cost,
            &self.supplier_price,
            &self.variant_cost,
            &self.sale_price,
            &self.sale_history,
            &self.override_range,
            &self.overall,
        ]
        .into_iter()
        .flat_map(|range| [&range.min, &range.max])
        .filter_map(|money| money.as_ref()?.currency.clone())
    }
}

/// The part's internal and sale price breaks.
async fn part_price_breaks(
    cx: &mut Cx<'_>,
    part: i32,
) -> Result<(Vec<PriceBreak>, Vec<PriceBreak>), ToolError> {
    let rows = sqlx::query_file!("queries/sourcing/part_price_breaks.sql", part)
        .fetch_all(cx.db().await?)
        .await?;
    let (mut internal, mut sale) = (Vec::new(), Vec::new());
    for row in rows {
        let price_break = PriceBreak {
            quantity: row.quantity,
            price: row.price,
            price_currency: row.price_currency,
        };
        match row.kind.as_str() {
            "internal" => internal.push(price_break),
            _ => sale.push(price_break),
        }
    }
    Ok((internal, sale))
}

/// For each part and quantity of `wanted` (each part once), the cheapest of its active
/// supplier parts' prices (by [`cheapest_first`]: converted totals first), in one query.
/// Parts without an active supplier part with a priced break are absent.
pub async fn cheapest_supplier_prices(
    cx: &mut Cx<'_>,
    rates: &ExchangeRates,
    wanted: &[(i32, f64)],
) -> Result<HashMap<i32, SupplierPrice>, ToolError> {
    let (parts, quantities): (Vec<i32>, Vec<f64>) = wanted.iter().copied().unzip();
    let mut cheapest = HashMap::new();
    for (part, price) in supplier_prices(cx, rates, &parts, &quantities).await? {
        if price.total.is_none() {
            continue;
        }
        match cheapest.entry(part) {
            Entry::Vacant(slot) => {
                slot.insert(price);
            }
            Entry::Occupied(mut slot) => {
                if cheapest_first(&price, slot.get()).is_lt() {
                    slot.insert(price);
                }
            }
        }
    }
    Ok(cheapest)
}

/// Each active supplier part's price for `quantities[i]` units of `parts[i]`, with its part.
async fn supplier_prices(
    cx: &mut Cx<'_>,
    rates: &ExchangeRates,
    parts: &[i32],
    quantities: &[f64],
) -> Result<Vec<(i32, SupplierPrice)>, ToolError> {
    let rows = sqlx::query_file!("queries/sourcing/supplier_prices.sql", parts, quantities)
        .fetch_all(cx.db().await?)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let rate = r.price_currency.as_deref().and_then(|c| rates.rate(c));
            let price = SupplierPrice {
                supplier_part: r.supplier_part,
                supplier: r.supplier,
                supplier_name: r.supplier_name,
                sku: r.sku,
                pack_quantity_native: r.pack_quantity_native,
                multiple: r.multiple,
                packs: r.packs,
                quantity: r.quantity,
                break_quantity: r.break_quantity,
                price: r.price,
                price_currency: r.price_currency,
                unit_price: r.unit_price,
                base_cost: r.base_cost,
                total: r.total,
                total_converted: r.total.zip(rate).map(|(total, rate)| total * rate),
            };
            (r.part, price)
        })
        .collect())
}

/// Converted totals by their value in the default currency, then totals no rate converts,
/// by currency and total, then supplier parts without a price; ties by supplier part.
fn cheapest_first(a: &SupplierPrice, b: &SupplierPrice) -> Ordering {
    let key = |p: &SupplierPrice| match (p.total_converted, p.total) {
        (Some(converted), _) => (0, None, converted),
        (None, Some(total)) => (1, p.price_currency.clone(), total),
        (None, None) => (2, None, 0.0),
    };
    let ((rank_a, currency_a, value_a), (rank_b, currency_b, value_b)) = (key(a), key(b));
    rank_a
        .cmp(&rank_b)
        .then(currency_a.cmp(&currency_b))
        .then(value_a.total_cmp(&value_b))
        .then(a.supplier_part.cmp(&b.supplier_part))
}

/// What the answer says about currencies, when its amounts are not all in the default one.
fn currency_note(
    rates: &ExchangeRates,
    currencies: &BTreeSet<String>,
    with_supplier_prices: bool,
) -> Option<String> {
    let default = rates.default_currency.as_str();
    if currencies.iter().all(|c| c == default) {
        return None;
    }
    let list = |set: &[&String]| {
        set.iter()
            .map(|c| c.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let all: Vec<&String> = currencies.iter().collect();
    let foreign: Vec<&String> = currencies.iter().filter(|c| *c != default).collect();
    let (rated, unrated): (Vec<&String>, Vec<&String>) =
        foreign.iter().partition(|c| rates.rate(c).is_some());
    let mut note = format!(
        "Amounts are in {}; InvenTree's default currency is {default}, into which it converts \
         with its exchange rates.",
        list(&all)
    );
    if !rated.is_empty() {
        let when = rates
            .updated
            .map_or(String::new(), |t| format!(", updated {}", t.date_naive()));
        note.push_str(&format!(
            " The database has rates for {}{when}.",
            list(&rated)
        ));
    }
    if !unrated.is_empty() {
        note.push_str(&format!(
            " The database has no exchange rate for {}: such amounts are not converted \
             (InvenTree would use them unconverted).",
            list(&unrated)
        ));
    }
    if with_supplier_prices {
        note.push_str(
            " Supplier totals are compared in the default currency (total_converted); \
             those without a rate come after them, cheapest first within each currency.",
        );
    } else {
        note.push_str(" Amounts are shown as stored, not converted.");
    }
    Some(note)
}
