//! The MCP tools. A tool is one type in its domain module implementing [`Tool`]: its name,
//! description, toolset, permissions, read or write nature, argument and answer types and its
//! body, together. Each domain lists its tools once ([`catalog`]); the [`registry`] builds the
//! catalog, decides who sees what, and runs every call in the same envelope.

mod answer;
mod args;
mod idempotency;
mod paging;
pub mod registry;
mod schema;
mod tool;
mod trees;
mod units;

mod bom;
mod builds;
mod categories;
mod locations;
mod orders;
mod parameters;
mod part_writes;
mod parts;
mod pivot;
mod status;
mod stock;
mod stock_writes;
mod tags;

pub use answer::{DATA_CLOSE, DATA_OPEN};
pub use idempotency::Idempotency;
pub use paging::Paging;
pub use registry::{Registry, Selection, ToolId, Tools};
pub use tool::{Cx, Effect, Nature, Tool, Toolset};

/// The tools themselves, named through their types (a rename is a compile error where they
/// are referred to: prompts, resources).
pub mod names {
    pub use crate::tools::bom::{GetBomForPart, ListBomItems};
    pub use crate::tools::builds::{GetBuildOrder, ListBuildOrders};
    pub use crate::tools::categories::{GetCategory, GetCategoryTree, ListCategories};
    pub use crate::tools::locations::{GetLocation, GetLocationTree, ListLocations};
    pub use crate::tools::orders::{
        GetPurchaseOrder, GetSalesOrder, ListPurchaseOrders, ListSalesOrders,
    };
    pub use crate::tools::parameters::{
        FindPartsByParameters, GetPartParameters, ListParameterTemplates,
    };
    pub use crate::tools::part_writes::{CreatePart, DeleteParts, UpdatePart};
    pub use crate::tools::parts::{GetPart, ListParts, SearchParts};
    pub use crate::tools::pivot::{StockByCategoryAndLocation, StockPivot};
    pub use crate::tools::stock::{GetStockItem, ListStockItems};
    pub use crate::tools::stock_writes::{AdjustStock, TransferStock};
    pub use crate::tools::tags::{ListTags, SearchTags};
}

/// Every tool, domain by domain, in the order `tools/list` shows them.
pub fn catalog() -> Vec<registry::Entry> {
    [
        parts::tools(),
        categories::tools(),
        locations::tools(),
        stock::tools(),
        orders::tools(),
        bom::tools(),
        builds::tools(),
        tags::tools(),
        pivot::tools(),
        part_writes::tools(),
        stock_writes::tools(),
        parameters::tools(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
