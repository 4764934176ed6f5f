//! Planning: answers that cross BOMs, stock, orders and prices in one call. Can an assembly
//! be built through every BOM level, what must be bought for the open builds and orders, what
//! a BOM costs, which parts are below their minimum stock, where a part is used.

mod bom_cost;
mod can_build;
mod graph;
mod low_stock;
mod shortages;
mod where_used;

use super::registry::{Entry, entry};

pub use bom_cost::BomCost;
pub use can_build::CanBuild;
pub use low_stock::LowStock;
pub use shortages::Shortages;
pub use where_used::WhereUsed;

pub(super) fn tools() -> Vec<Entry> {
    vec![
        entry::<CanBuild>(),
        entry::<Shortages>(),
        entry::<BomCost>(),
        entry::<WhereUsed>(),
        entry::<LowStock>(),
    ]
}
