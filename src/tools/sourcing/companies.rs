//! Companies: suppliers, manufacturers and customers.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;
use crate::tools::args::CompanyId;
use crate::tools::paging::{Page, Window};
use crate::tools::parts::{like_pattern, search_terms};
use crate::tools::tool::{Cx, Nature, Tool, Toolset};

/// What a company is to us: InvenTree's `is_supplier`, `is_manufacturer`, `is_customer`.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[schemars(inline)]
pub enum CompanyKind {
    Supplier,
    Manufacturer,
    Customer,
}

impl CompanyKind {
    fn name(self) -> &'static str {
        match self {
            CompanyKind::Supplier => "supplier",
            CompanyKind::Manufacturer => "manufacturer",
            CompanyKind::Customer => "customer",
        }
    }
}

/// A company with the counts InvenTree's company list adds.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Company {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub website: String,
    pub email: Option<String>,
    pub phone: String,
    /// Its default currency.
    pub currency: String,
    pub is_supplier: bool,
    pub is_manufacturer: bool,
    pub is_customer: bool,
    pub active: bool,
    /// Supplier parts it supplies.
    pub parts_supplied: i64,
    /// Manufacturer parts it makes.
    pub parts_manufactured: i64,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Contact {
    pub id: i32,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub role: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Address {
    pub id: i32,
    pub title: String,
    /// The company's primary address.
    pub primary: bool,
    pub line1: String,
    pub line2: String,
    pub postal_code: String,
    pub postal_city: String,
    pub province: String,
    pub country: String,
    pub shipping_notes: String,
    pub internal_shipping_notes: String,
    pub link: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CompanyDetail {
    #[serde(flatten)]
    pub company: Company,
    /// Point of contact.
    pub contact: String,
    pub link: String,
    pub tax_id: String,
    pub notes: Option<String>,
    /// Purchase orders from it that are open: pending, placed or on hold.
    pub open_purchase_orders: i64,
    /// Sales orders for it that are open: pending, in progress or on hold.
    pub open_sales_orders: i64,
    pub contacts: Vec<Contact>,
    pub addresses: Vec<Address>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListCompaniesArgs {
    /// supplier, manufacturer or customer.
    pub kind: Option<CompanyKind>,
    /// Words all found in name, description, website or tax id.
    pub search: Option<String>,
    /// Active (true) or inactive (false) companies only.
    pub active: Option<bool>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetCompanyArgs {
    /// The company's id.
    pub company_id: CompanyId,
}

/// `%term%` patterns for each word of a search (none for a blank or absent one, which
/// InvenTree ignores).
pub(super) fn search_patterns(search: Option<&str>) -> Vec<String> {
    search
        .map(search_terms)
        .unwrap_or_default()
        .iter()
        .map(|term| like_pattern(term))
        .collect()
}

async fn details(cx: &mut Cx<'_>, ids: &[i32]) -> Result<Vec<Company>, ToolError> {
    Ok(
        sqlx::query_file_as!(Company, "queries/sourcing/company_details.sql", ids)
            .fetch_all(cx.db().await?)
            .await?,
    )
}

pub struct ListCompanies;

impl Tool for ListCompanies {
    const NAME: &str = "list_companies";
    const TITLE: &str = "List companies";
    const DESCRIPTION: &str =
        "List companies by name, with part counts; filter by kind, search, active.";
    const TOOLSET: Toolset = Toolset::Sourcing;
    const REQUIRES: &[Permission] = &[Permission(Role::PurchaseOrder, Action::View)];
    const NATURE: Nature = Nature::Read;
    type Args = ListCompaniesArgs;
    type Output = Page<Company>;

    async fn run(cx: &mut Cx<'_>, args: ListCompaniesArgs) -> Result<Page<Company>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let kind = args.kind.map(CompanyKind::name);
        let patterns = search_patterns(args.search.as_deref());
        let found = sqlx::query_file!(
            "queries/sourcing/companies_list.sql",
            kind,
            &patterns,
            args.active,
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        let items = details(cx, &found.ids).await?;
        Ok(Page::new(items, found.count, window.offset))
    }
}

pub struct GetCompany;

impl Tool for GetCompany {
    const NAME: &str = "get_company";
    const TITLE: &str = "Get a company";
    const DESCRIPTION: &str = "One company with its contacts, addresses, part counts and open \
        purchase and sales orders.";
    const TOOLSET: Toolset = Toolset::Sourcing;
    const REQUIRES: &[Permission] = &[
        Permission(Role::PurchaseOrder, Action::View),
        Permission(Role::SalesOrder, Action::View),
    ];
    const NATURE: Nature = Nature::Read;
    type Args = GetCompanyArgs;
    type Output = CompanyDetail;

    async fn run(cx: &mut Cx<'_>, args: GetCompanyArgs) -> Result<CompanyDetail, ToolError> {
        let id = args.company_id.0;
        let company = details(cx, &[id]).await?.pop().ok_or(ToolError::NotFound {
            what: "company",
            id: id.into(),
        })?;
        let extra = sqlx::query_file!("queries/sourcing/company_extra.sql", id)
            .fetch_one(cx.db().await?)
            .await?;
        let contacts = sqlx::query_file_as!(Contact, "queries/sourcing/company_contacts.sql", id)
            .fetch_all(cx.db().await?)
            .await?;
        let addresses = sqlx::query_file_as!(Address, "queries/sourcing/company_addresses.sql", id)
            .fetch_all(cx.db().await?)
            .await?;
        Ok(CompanyDetail {
            company,
            contact: extra.contact,
            link: extra.link,
            tax_id: extra.tax_id,
            notes: extra.notes,
            open_purchase_orders: extra.open_purchase_orders,
            open_sales_orders: extra.open_sales_orders,
            contacts,
            addresses,
        })
    }
}
