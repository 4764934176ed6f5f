//! Planning: answers that cross BOMs, stock, orders and prices in one call. Can an assembly
//! be built through every BOM level, what must be bought for the open builds and orders, what
//! a BOM costs, which parts are below their minimum stock, where a part is used.

mod bom_cost;

use super::registry::{Entry, entry};

pub use bom_cost::BomCost;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<BomCost>()]
}
