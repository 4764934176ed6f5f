//! Bills of materials: lines, and the explosion of a BOM through its sub-assemblies.

use std::collections::BTreeMap;

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::args::PartId;
use super::exists::{self, Named};
use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::tool::{Cx, Nature, Tool, Toolset};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<ListBomItems>(), entry::<GetBomForPart>()]
}

/// The explosion also reports each component's stock, a part figure.
const BOM_AND_PART_VIEW: &[Permission] = &[
    Permission(Role::Bom, Action::View),
    Permission(Role::Part, Action::View),
];

/// A BOM line with what it requires to build the asked quantity of its assembly.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BomLine {
    pub id: i32,
    /// The assembly.
    pub part: i32,
    pub part_name: String,
    /// The component.
    pub sub_part: i32,
    pub sub_part_name: String,
    #[serde(rename = "sub_part_IPN")]
    pub sub_part_ipn: Option<String>,
    /// Per assembly.
    pub quantity: f64,
    pub reference: String,
    pub note: String,
    pub optional: bool,
    pub consumable: bool,
    pub allow_variants: bool,
    /// Also applies to the assembly's variants.
    pub inherited: bool,
    pub setup_quantity: f64,
    /// Expected loss, in percent.
    pub attrition: f64,
    pub rounding_multiple: Option<f64>,
    /// Needed for the asked quantity, by InvenTree's rules (quantity, attrition, setup
    /// quantity, rounding).
    pub required: f64,
}

/// A line of the exploded BOM.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BomNode {
    pub bom_item: i32,
    /// 1 for the part's own lines, 2 for its sub-assemblies' lines, ...
    pub depth: i32,
    /// Sub-part names from the top, e.g. "Sensor board > Capacitor 100nF 0603".
    pub path: String,
    pub assembly: i32,
    pub sub_part: i32,
    pub sub_part_name: String,
    /// Per assembly.
    pub quantity: f64,
    /// In all, for the asked quantity of the top part.
    pub required: f64,
    pub optional: bool,
    pub consumable: bool,
}

/// A part at the bottom of the explosion, with its total requirement and stock.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BomLeaf {
    pub part: i32,
    pub part_name: String,
    pub required: f64,
    /// Stock by InvenTree's in-stock rules: the part's own, plus its variants' when a line
    /// allows variants.
    pub in_stock: f64,
    /// required - in_stock, at least 0 (0 for virtual parts, which are never stocked).
    pub shortfall: f64,
    /// Every line it comes from is optional or under an optional sub-assembly line.
    pub optional: bool,
    pub r#virtual: bool,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct BomAnswer {
    pub part_id: i32,
    pub part_name: String,
    /// Units of the part to build.
    pub quantity: f64,
    /// Levels exploded (0: all).
    pub levels: i64,
    /// The part's own BOM lines (inherited template lines included).
    pub bom_items: Vec<BomLine>,
    /// Every line down to `levels`, depth first (only when levels is not 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nodes: Option<Vec<BomNode>>,
    /// The parts at the bottom of the explosion, with totals, stock and shortfall.
    pub leaves: Vec<BomLeaf>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListBomArgs {
    /// Only the lines of this assembly (with inherited template lines).
    pub part_id: Option<PartId>,
    /// Only lines using this component.
    pub sub_part_id: Option<PartId>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BomArgs {
    /// The assembly.
    pub part_id: PartId,
    /// Units to build (default 1).
    pub quantity: Option<f64>,
    /// Levels to explode through sub-assemblies (default 1; 0: all the way down).
    pub levels: Option<i64>,
}

async fn lines(cx: &mut Cx<'_>, ids: &[i32], quantity: f64) -> Result<Vec<BomLine>, ToolError> {
    Ok(
        sqlx::query_file_as!(BomLine, "queries/bom/items.sql", ids, quantity)
            .fetch_all(cx.db().await?)
            .await?,
    )
}

pub struct ListBomItems;

impl Tool for ListBomItems {
    const NAME: &str = "list_bom_items";
    const TITLE: &str = "List BOM lines";
    const DESCRIPTION: &str = "List bill-of-materials lines: of an assembly (with lines inherited from its \
        template), or those using a component.";
    const TOOLSET: Toolset = Toolset::Build;
    const REQUIRES: &[Permission] = &[Permission(Role::Bom, Action::View)];
    const NATURE: Nature = Nature::Read;
    type Args = ListBomArgs;
    type Output = Page<BomLine>;

    async fn run(cx: &mut Cx<'_>, args: ListBomArgs) -> Result<Page<BomLine>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let part = args.part_id.map(|id| id.0);
        let sub_part = args.sub_part_id.map(|id| id.0);
        let found = sqlx::query_file!(
            "queries/bom/list.sql",
            part,
            sub_part,
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        if found.count == 0 {
            exists::ensure(cx, [part.map(Named::Part), sub_part.map(Named::Part)]).await?;
        }
        Ok(Page::new(
            lines(cx, &found.ids, 1.0).await?,
            found.count,
            window.offset,
        ))
    }
}

pub struct GetBomForPart;

impl Tool for GetBomForPart {
    const NAME: &str = "get_bom_for_part";
    const TITLE: &str = "Bill of materials";
    const DESCRIPTION: &str = "An assembly's BOM with what each line requires for `quantity` units; with levels \
        0 or above 1, exploded through sub-assemblies, totalled per component with stock \
        and shortfall.";
    const TOOLSET: Toolset = Toolset::Build;
    const REQUIRES: &[Permission] = BOM_AND_PART_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = BomArgs;
    type Output = BomAnswer;

    async fn run(cx: &mut Cx<'_>, args: BomArgs) -> Result<BomAnswer, ToolError> {
        let part_id = args.part_id.0;
        let quantity = build_quantity(args.quantity)?;
        let levels = args.levels.unwrap_or(1);
        if !(0..=100).contains(&levels) {
            return Err(ToolError::invalid(
                "levels",
                format!("must be between 0 and 100, got {levels}"),
            ));
        }
        let part_name = part_name(cx, part_id).await?;
        let rows = explode(cx, part_id, &part_name, quantity, levels as i32).await?;
        if rows.is_empty() {
            exists::ensure_assembly(cx, "part_id", part_id, &part_name).await?;
        }
        let direct: Vec<i32> = rows
            .iter()
            .filter(|r| r.depth == 1)
            .map(|r| r.bom_item)
            .collect();
        let bom_items = lines(cx, &direct, quantity).await?;

        // A leaf: a line not exploded further (no BOM, or at the depth limit).
        let mut leaves: BTreeMap<i32, BomLeaf> = BTreeMap::new();
        for row in rows.iter().filter(|row| !row.has_children) {
            let leaf = leaves.entry(row.sub_part).or_insert_with(|| BomLeaf {
                part: row.sub_part,
                part_name: row.sub_part_name.clone(),
                required: 0.0,
                in_stock: row.in_stock,
                shortfall: 0.0,
                optional: true,
                r#virtual: row.is_virtual,
            });
            leaf.required += row.required;
            leaf.optional &= row.under_optional;
            if row.allow_variants {
                leaf.in_stock = row.in_stock + row.variant_stock;
            }
        }
        let mut leaves: Vec<BomLeaf> = leaves.into_values().collect();
        for leaf in &mut leaves {
            if !leaf.r#virtual {
                leaf.shortfall = (leaf.required - leaf.in_stock).max(0.0);
            }
        }
        leaves.sort_by(|a, b| a.part_name.cmp(&b.part_name).then(a.part.cmp(&b.part)));
        let nodes = (levels != 1).then(|| {
            rows.into_iter()
                .map(|r| BomNode {
                    bom_item: r.bom_item,
                    depth: r.depth,
                    path: r.path,
                    assembly: r.assembly,
                    sub_part: r.sub_part,
                    sub_part_name: r.sub_part_name,
                    quantity: r.quantity,
                    required: r.required,
                    optional: r.optional,
                    consumable: r.consumable,
                })
                .collect()
        });
        Ok(BomAnswer {
            part_id,
            part_name,
            quantity,
            levels,
            bom_items,
            nodes,
            leaves,
        })
    }
}

/// Units of an assembly to build: `quantity`, default 1, above 0 and at most 1e9.
pub(crate) fn build_quantity(quantity: Option<f64>) -> Result<f64, ToolError> {
    let quantity = quantity.unwrap_or(1.0);
    if !quantity.is_finite() || quantity <= 0.0 || quantity > 1e9 {
        return Err(ToolError::invalid(
            "quantity",
            format!("must be above 0 and at most 1e9, got {quantity}"),
        ));
    }
    Ok(quantity)
}

/// The part's name; NotFound when there is no such part.
pub(crate) async fn part_name(cx: &mut Cx<'_>, part_id: i32) -> Result<String, ToolError> {
    sqlx::query_file_scalar!("queries/bom/part_name.sql", part_id)
        .fetch_optional(cx.db().await?)
        .await?
        .ok_or(ToolError::NotFound {
            what: "part",
            id: part_id.into(),
        })
}

/// A line of `explode.sql`.
pub(crate) struct Exploded {
    pub bom_item: i32,
    pub assembly: i32,
    pub sub_part: i32,
    pub sub_part_name: String,
    pub depth: i32,
    pub path: String,
    pub quantity: f64,
    pub required: f64,
    pub optional: bool,
    /// This line or one above it is optional.
    pub under_optional: bool,
    pub consumable: bool,
    pub allow_variants: bool,
    pub cycle: bool,
    /// Exploded further: a leaf has none.
    pub has_children: bool,
    pub is_virtual: bool,
    pub in_stock: f64,
    pub variant_stock: f64,
}

/// The BOM of `part_id` (named `part_name`) exploded for `quantity` units, `levels` deep (0:
/// all the way), depth first; a cycle is an error.
pub(crate) async fn explode(
    cx: &mut Cx<'_>,
    part_id: i32,
    part_name: &str,
    quantity: f64,
    levels: i32,
) -> Result<Vec<Exploded>, ToolError> {
    let rows = sqlx::query_file_as!(
        Exploded,
        "queries/bom/explode.sql",
        part_id,
        quantity,
        levels
    )
    .fetch_all(cx.db().await?)
    .await?;
    if let Some(cycle) = rows.iter().find(|r| r.cycle) {
        return Err(ToolError::BadData(format!(
            "the BOM of part {part_id} contains a cycle: {part_name} > {}",
            cycle.path
        )));
    }
    Ok(rows)
}
