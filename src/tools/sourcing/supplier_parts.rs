//! Supplier parts: a part as a supplier sells it (SKU, pack, availability, price breaks).

use chrono::{DateTime, Utc};
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::companies::search_patterns;
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;
use crate::tools::args::{CompanyId, PartId, SupplierPartId};
use crate::tools::exists::{self, Named};
use crate::tools::paging::{Page, Window};
use crate::tools::tool::{Cx, Nature, Tool, Toolset};

/// Supplier parts, their manufacturer parts and companies, and (in `get_supplier_part`) the
/// price breaks: all purchase_order's tables.
const PURCHASE_VIEW: &[Permission] = &[Permission(Role::PurchaseOrder, Action::View)];

#[derive(Debug, Serialize, JsonSchema)]
pub struct SupplierPart {
    pub id: i32,
    pub part: i32,
    pub part_name: String,
    #[serde(rename = "IPN")]
    pub ipn: Option<String>,
    pub supplier: i32,
    pub supplier_name: String,
    #[serde(rename = "SKU")]
    pub sku: String,
    pub manufacturer_part: Option<i32>,
    /// The manufacturer (company id).
    pub manufacturer: Option<i32>,
    pub manufacturer_name: Option<String>,
    #[serde(rename = "MPN")]
    pub mpn: Option<String>,
    pub description: Option<String>,
    pub packaging: Option<String>,
    /// The pack as entered, e.g. "250 ml".
    pub pack_quantity: String,
    /// One pack in the part's own units, e.g. 0.25 for a part in litres.
    pub pack_quantity_native: Option<f64>,
    /// Quantity the supplier has available, as last reported.
    pub available: f64,
    pub availability_updated: Option<DateTime<Utc>>,
    pub active: bool,
    /// The part's preferred supplier part.
    pub primary: bool,
}

/// A quantity break: from `quantity` on, each unit (for a supplier: each pack) costs `price`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PriceBreak {
    pub quantity: f64,
    pub price: Option<f64>,
    pub price_currency: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct SupplierPartDetail {
    #[serde(flatten)]
    pub supplier_part: SupplierPart,
    /// Order multiple, in packs.
    pub multiple: i32,
    /// Fixed charge added to every order of it.
    pub base_cost: f64,
    pub link: Option<String>,
    pub note: Option<String>,
    pub updated: Option<DateTime<Utc>>,
    /// Prices per pack by the number of packs ordered.
    pub price_breaks: Vec<PriceBreak>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListSupplierPartsArgs {
    /// The part supplied.
    pub part_id: Option<PartId>,
    /// The supplier (company id).
    pub supplier_id: Option<CompanyId>,
    /// Words all found in SKU, MPN, description, supplier, manufacturer or part name, IPN...
    pub search: Option<String>,
    /// Active (true) or inactive (false) only.
    pub active: Option<bool>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetSupplierPartArgs {
    /// The supplier part's id.
    pub supplier_part_id: SupplierPartId,
}

/// The supplier parts `ids`, in that order, without their price breaks.
async fn details(cx: &mut Cx<'_>, ids: &[i32]) -> Result<Vec<SupplierPartDetail>, ToolError> {
    let rows = sqlx::query_file!("queries/sourcing/supplier_part_details.sql", ids)
        .fetch_all(cx.db().await?)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| SupplierPartDetail {
            supplier_part: SupplierPart {
                id: r.id,
                part: r.part,
                part_name: r.part_name,
                ipn: r.ipn,
                supplier: r.supplier,
                supplier_name: r.supplier_name,
                sku: r.sku,
                manufacturer_part: r.manufacturer_part,
                manufacturer: r.manufacturer,
                manufacturer_name: r.manufacturer_name,
                mpn: r.mpn,
                description: r.description,
                packaging: r.packaging,
                pack_quantity: r.pack_quantity,
                pack_quantity_native: r.pack_quantity_native,
                available: r.available,
                availability_updated: r.availability_updated,
                active: r.active,
                primary: r.primary,
            },
            multiple: r.multiple,
            base_cost: r.base_cost,
            link: r.link,
            note: r.note,
            updated: r.updated,
            price_breaks: Vec::new(),
        })
        .collect())
}

pub struct ListSupplierParts;

impl Tool for ListSupplierParts {
    const NAME: &str = "list_supplier_parts";
    const TITLE: &str = "List supplier parts";
    const DESCRIPTION: &str = "List supplier parts: part, supplier, SKU, MPN, manufacturer, \
        pack size, availability; filter by part, supplier, search, active.";
    const TOOLSET: Toolset = Toolset::Sourcing;
    const REQUIRES: &[Permission] = PURCHASE_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ListSupplierPartsArgs;
    type Output = Page<SupplierPart>;

    async fn run(
        cx: &mut Cx<'_>,
        args: ListSupplierPartsArgs,
    ) -> Result<Page<SupplierPart>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let patterns = search_patterns(args.search.as_deref());
        let found = sqlx::query_file!(
            "queries/sourcing/supplier_parts_list.sql",
            args.part_id.map(|id| id.0),
            args.supplier_id.map(|id| id.0),
            args.active,
            &patterns,
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        if found.count == 0 {
            let named = [
                args.part_id.map(|id| Named::Part(id.0)),
                args.supplier_id.map(|id| Named::Company(id.0)),
            ];
            exists::ensure(cx, named).await?;
        }
        let items = details(cx, &found.ids)
            .await?
            .into_iter()
            .map(|detail| detail.supplier_part)
            .collect();
        Ok(Page::new(items, found.count, window.offset))
    }
}

pub struct GetSupplierPart;

impl Tool for GetSupplierPart {
    const NAME: &str = "get_supplier_part";
    const TITLE: &str = "Get a supplier part";
    const DESCRIPTION: &str = "One supplier part: supplier, manufacturer part and MPN, pack \
        size in part units, order multiple, availability, price breaks per pack, link, note.";
    const TOOLSET: Toolset = Toolset::Sourcing;
    const REQUIRES: &[Permission] = PURCHASE_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = GetSupplierPartArgs;
    type Output = SupplierPartDetail;

    async fn run(
        cx: &mut Cx<'_>,
        args: GetSupplierPartArgs,
    ) -> Result<SupplierPartDetail, ToolError> {
        let id = args.supplier_part_id.0;
        let mut detail = details(cx, &[id]).await?.pop().ok_or(ToolError::NotFound {
            what: "supplier part",
            id: id.into(),
        })?;
        detail.price_breaks =
            sqlx::query_file_as!(PriceBreak, "queries/sourcing/supplier_price_breaks.sql", id)
                .fetch_all(cx.db().await?)
                .await?;
        Ok(detail)
    }
}
