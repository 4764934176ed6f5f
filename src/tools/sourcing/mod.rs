//! Sourcing: companies (suppliers, manufacturers, customers), supplier parts and their
//! prices, parts found by a supplier's or a barcode's code, and InvenTree's pricing.
//!
//! Permissions. InvenTree grants a table to any of several roles (company tables to
//! purchase_order, sales_order or return_order; supplier and manufacturer parts to part or
//! purchase_order; supplier price breaks to purchase_order only). A tool here needs all the
//! permissions it lists, so each tool names one role per table it reads: purchase_order for
//! companies and supplier parts (the role that covers them all, with their price breaks),
//! part for parts and part pricing, plus the roles of the orders, stock and locations it
//! counts or finds.

mod codes;
mod companies;
mod pricing;
mod supplier_parts;

use super::registry::{Entry, entry};

pub use codes::FindPartByCode;
pub use companies::{GetCompany, ListCompanies};
pub use pricing::GetPartPricing;
pub(crate) use pricing::{
    ExchangeRates, Money, PriceRange, SupplierPrice, cheapest_supplier_prices,
};
pub use supplier_parts::{GetSupplierPart, ListSupplierParts};

pub(super) fn tools() -> Vec<Entry> {
    vec![
        entry::<ListCompanies>(),
        entry::<GetCompany>(),
        entry::<ListSupplierParts>(),
        entry::<GetSupplierPart>(),
        entry::<FindPartByCode>(),
        entry::<GetPartPricing>(),
    ]
}
