//! MCP prompts: the inventory questions people ask most, written as instructions that name
//! the tools answering them in the fewest calls. A caller sees a prompt only when it may
//! call every tool the prompt relies on.

use rmcp::ErrorData;
use rmcp::model::{
    GetPromptResult, JsonObject, Prompt, PromptArgument, PromptMessage, Role as MessageRole,
};

use crate::auth::User;
use crate::tools::Tool;
use crate::tools::Tools;
use crate::tools::names::*;

struct Spec {
    name: &'static str,
    title: &'static str,
    description: &'static str,
    /// (name, description, required); every argument is a positive id or number.
    arguments: &'static [(&'static str, &'static str, bool)],
    /// The tools the text relies on.
    tools: &'static [&'static str],
}

const PROMPTS: &[Spec] = &[
    Spec {
        name: "explore_inventory",
        title: "Explore the inventory",
        description: "How the inventory is organised: category and location trees with counts.",
        arguments: &[],
        tools: &[
            GetCategoryTree::NAME,
            ListCategories::NAME,
            GetLocationTree::NAME,
            ListLocations::NAME,
        ],
    },
    Spec {
        name: "stock_levels",
        title: "Stock levels",
        description: "What is in stock, by InvenTree's in-stock rules, for a part or a location \
                      (or overall by category and location).",
        arguments: &[
            ("part_id", "A part (with its variants)", false),
            ("location_id", "A location (with its sublocations)", false),
        ],
        tools: &[
            GetPart::NAME,
            ListStockItems::NAME,
            GetLocation::NAME,
            StockPivot::NAME,
        ],
    },
    Spec {
        name: "build_readiness",
        title: "Can we build it?",
        description: "An assembly's BOM exploded through every sub-assembly for a quantity, with \
                      the stock and shortfall of each component.",
        arguments: &[
            ("part_id", "The assembly", true),
            ("quantity", "Units to build (default 1)", false),
        ],
        tools: &[GetBomForPart::NAME, GetPart::NAME],
    },
    Spec {
        name: "orders_and_builds",
        title: "Orders and builds",
        description: "Open and overdue purchase orders, sales orders and build orders.",
        arguments: &[],
        tools: &[
            ListPurchaseOrders::NAME,
            ListSalesOrders::NAME,
            ListBuildOrders::NAME,
        ],
    },
    Spec {
        name: "cleanup",
        title: "Inventory cleanup",
        description: "Candidates for cleanup: inactive parts without stock, rarely used tags, \
                      assemblies without a BOM. Changes nothing without confirmation.",
        arguments: &[],
        tools: &[
            ListParts::NAME,
            GetPart::NAME,
            ListTags::NAME,
            ListBomItems::NAME,
        ],
    },
];

fn usable(spec: &Spec, user: &User, tools: &Tools) -> bool {
    spec.tools.iter().all(|name| tools.may_call(user, name))
}

/// The tools the prompt `name` relies on, if there is such a prompt.
pub fn tools_of(name: &str) -> Option<&'static [&'static str]> {
    PROMPTS
        .iter()
        .find(|spec| spec.name == name)
        .map(|spec| spec.tools)
}

/// The prompts `user` may use.
pub fn list(user: &User, tools: &Tools) -> Vec<Prompt> {
    PROMPTS
        .iter()
        .filter(|spec| usable(spec, user, tools))
        .map(|spec| {
            let arguments = spec
                .arguments
                .iter()
                .map(|(name, description, required)| {
                    PromptArgument::new(*name)
                        .with_description(*description)
                        .with_required(*required)
                })
                .collect::<Vec<_>>();
            let mut prompt = Prompt::new(
                spec.name,
                Some(spec.description),
                (!arguments.is_empty()).then_some(arguments),
            );
            prompt.title = Some(spec.title.into());
            prompt
        })
        .collect()
}

/// The prompt `name` filled with `arguments`. Unknown prompts, prompts the caller may not
/// use, missing or malformed arguments: invalid params, naming what is wrong.
pub fn get(
    user: &User,
    tools: &Tools,
    name: &str,
    arguments: Option<JsonObject>,
) -> Result<GetPromptResult, ErrorData> {
    let spec = PROMPTS
        .iter()
        .find(|spec| spec.name == name && usable(spec, user, tools))
        .ok_or_else(|| ErrorData::invalid_params(format!("prompt not found: {name}"), None))?;
    let arguments = arguments.unwrap_or_default();
    if let Some(unknown) = arguments
        .keys()
        .find(|key| !spec.arguments.iter().any(|(name, _, _)| name == key))
    {
        return Err(ErrorData::invalid_params(
            format!("unknown argument `{unknown}` for prompt {name}"),
            None,
        ));
    }
    let mut values = Vec::new();
    for (argument, _, required) in spec.arguments {
        let value = match arguments.get(*argument) {
            None if *required => {
                return Err(ErrorData::invalid_params(
                    format!("missing argument `{argument}`"),
                    None,
                ));
            }
            None => None,
            Some(value) => Some(number(argument, value)?),
        };
        values.push(value);
    }
    let text = match (name, values.as_slice()) {
        ("explore_inventory", _) => "Describe how this InvenTree inventory is organised. Call \
            get_category_tree and get_location_tree once each (whole trees, one call each), \
            then list_categories and list_locations for the top level to give part and item \
            counts (they count whole subtrees). Summarise the main branches, their depth and \
            where most parts and stock live."
            .to_string(),
        ("stock_levels", [part, location]) => {
            let scope = match (part, location) {
                (Some(part), Some(location)) => format!(
                    "part {part} (get_part) in location {location} and below: list_stock_items \
                     with part_id {part} and location_id {location}"
                ),
                (Some(part), None) => format!(
                    "part {part}: get_part gives in_stock, allocated and available figures; \
                     list_stock_items with part_id {part} lists the items"
                ),
                (None, Some(location)) => format!(
                    "location {location} and its sublocations: get_location, then \
                     list_stock_items with location_id {location}, and stock_pivot with \
                     location_id {location} for sums by category"
                ),
                (None, None) => "the whole inventory: stock_pivot with max_depth 1 gives \
                    in-stock sums by top-level category and location in one call"
                    .to_string(),
            };
            format!(
                "Report the stock of {scope}. Count only stock InvenTree counts as in stock \
                 (the in_stock fields and in_stock: true filters already apply its rules: \
                 positive quantity, not sold, installed, consumed or in production, a status \
                 that counts). Name what is low or allocated, and page with next_offset when \
                 a list says more exist."
            )
        }
        ("build_readiness", [Some(part), quantity]) => {
            let quantity = quantity.unwrap_or(1);
            format!(
                "Can we build {quantity} of part {part}? Call get_bom_for_part with part_id \
                 {part}, quantity {quantity} and levels 0: one call explodes the BOM through \
                 every sub-assembly and totals each component's requirement, stock and \
                 shortfall in `leaves`. Report the components with a shortfall (and whether \
                 they are optional), the sub-assemblies involved (`nodes`), and how many units \
                 could be built with the stock there is."
            )
        }
        ("orders_and_builds", _) => "Summarise open work. Call list_purchase_orders with \
            outstanding true, list_sales_orders with outstanding true and list_build_orders \
            with active true (and each again with overdue true). Say which suppliers and \
            customers are involved, which orders and builds are overdue, and what to look at \
            first. Use get_purchase_order, get_sales_order or get_build_order only for the \
            ones worth detailing."
            .to_string(),
        ("cleanup", _) => "Find cleanup candidates, and change nothing: list inactive parts \
            (list_parts with active false) and check their stock (get_part, in_stock and \
            stock_item_count); list_tags to find tags used by fewer than 3 parts (possible \
            duplicates or typos); assemblies whose BOM is empty (list_bom_items with part_id). \
            Present the candidates as a table and ask before any change. If asked to delete, \
            call delete_parts with dry_run true first and show what it would delete and skip."
            .to_string(),
        _ => unreachable!("every prompt has a text"),
    };
    Ok(
        GetPromptResult::new(vec![PromptMessage::new_text(MessageRole::User, text)])
            .with_description(spec.description),
    )
}

/// A prompt argument: a positive whole number, given as a string (as MCP passes prompt
/// arguments) or a number.
fn number(name: &str, value: &serde_json::Value) -> Result<i64, ErrorData> {
    let parsed = match value {
        serde_json::Value::String(text) => text.trim().parse::<i64>().ok(),
        serde_json::Value::Number(number) => number.as_i64(),
        _ => None,
    };
    parsed
        .filter(|n| (1..=i64::from(i32::MAX)).contains(n))
        .ok_or_else(|| {
            ErrorData::invalid_params(
                format!("argument `{name}` must be a positive whole number, got {value}"),
                None,
            )
        })
}
