//! The MCP tools. A tool is one type in its domain module implementing [`Tool`]: its name,
//! description, toolset, permissions, read or write nature, argument and answer types and its
//! body, together. Each domain lists its tools once ([`catalog`]); the [`registry`] builds the
//! catalog, decides who sees what, and runs every call in the same envelope.

mod answer;
mod args;
mod exists;
mod idempotency;
mod models;
mod paging;
pub mod registry;
mod schema;
mod tool;
mod trees;
mod units;

mod attachments;
mod barcodes;
mod bom;
mod builds;
mod categories;
mod locations;
mod order_writes;
mod orders;
mod parameters;
mod part_writes;
mod parts;
mod pivot;
mod planning;
mod project_codes;
mod returns;
mod sourcing;
mod status;
mod stock;
mod stock_writes;
mod tags;
mod test_results;
mod tracking;

pub use answer::{DATA_CLOSE, DATA_OPEN};
pub use idempotency::Idempotency;
pub use paging::Paging;
pub use registry::{Access, Registry, Selection, Site, ToolId, Tools};
pub use tool::{Cx, Effect, Nature, Tool, Toolset};

/// The tools themselves, named through their types (a rename is a compile error where they
/// are referred to: prompts, resources).
pub mod names {
    pub use crate::tools::attachments::ListAttachments;
    pub use crate::tools::barcodes::ScanBarcode;
    pub use crate::tools::bom::{GetBomForPart, ListBomItems};
    pub use crate::tools::builds::{GetBuildOrder, ListBuildOrders};
    pub use crate::tools::categories::{GetCategory, GetCategoryTree, ListCategories};
    pub use crate::tools::locations::{GetLocation, GetLocationTree, ListLocations};
    pub use crate::tools::order_writes::{CreatePurchaseOrder, ReceivePurchaseOrder};
    pub use crate::tools::orders::{
        GetPurchaseOrder, GetSalesOrder, ListPurchaseOrders, ListSalesOrders,
    };
    pub use crate::tools::parameters::{
        FindPartsByParameters, GetPartParameters, ListParameterTemplates,
    };
    pub use crate::tools::part_writes::{CreatePart, DeleteParts, UpdatePart};
    pub use crate::tools::parts::{GetPart, ListParts, SearchParts};
    pub use crate::tools::pivot::{StockByCategoryAndLocation, StockPivot};
    pub use crate::tools::planning::{BomCost, CanBuild, LowStock, Shortages, WhereUsed};
    pub use crate::tools::project_codes::ListProjectCodes;
    pub use crate::tools::returns::{GetReturnOrder, ListReturnOrders};
    pub use crate::tools::sourcing::{
        FindPartByCode, GetCompany, GetPartPricing, GetSupplierPart, ListCompanies,
        ListSupplierParts,
    };
    pub use crate::tools::stock::{GetStockItem, ListStockItems};
    pub use crate::tools::stock_writes::{
        AdjustStock, CountStock, CreateStockItem, SetStockStatus, TransferStock,
    };
    pub use crate::tools::tags::{ListTags, SearchTags};
    pub use crate::tools::test_results::ListTestResults;
    pub use crate::tools::tracking::ListStockTracking;
}

/// Every tool, domain by domain, in the order `tools/list` shows them.
pub fn catalog() -> Vec<registry::Entry> {
    [
        parts::tools(),
        parameters::tools(),
        categories::tools(),
        locations::tools(),
        stock::tools(),
        tracking::tools(),
        test_results::tools(),
        orders::tools(),
        order_writes::tools(),
        returns::tools(),
        sourcing::tools(),
        bom::tools(),
        builds::tools(),
        planning::tools(),
        tags::tools(),
        pivot::tools(),
        part_writes::tools(),
        stock_writes::tools(),
        attachments::tools(),
        project_codes::tools(),
        barcodes::tools(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
