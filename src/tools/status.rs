//! InvenTree's status codes and their names (`*/status_codes.py`).

use rmcp::schemars::{self, JsonSchema};
use serde::Serialize;

/// A status: InvenTree's logical code and name, plus the label of a custom state when the
/// row carries one (`status_custom_key`).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Status {
    pub code: i32,
    pub name: &'static str,
    /// The custom state's label, when one is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom: Option<String>,
}

#[derive(Debug, Clone, Copy)]
pub enum StatusKind {
    Stock,
    PurchaseOrder,
    SalesOrder,
    ReturnOrder,
    /// The outcome of a return order line (`ReturnOrderLineStatus`).
    ReturnOrderLine,
    Build,
}

impl StatusKind {
    pub fn status(self, code: i32, custom: Option<String>) -> Status {
        Status {
            code,
            name: self.name(code),
            custom,
        }
    }

    fn name(self, code: i32) -> &'static str {
        let names: &[(i32, &str)] = match self {
            StatusKind::Stock => &[
                (10, "OK"),
                (50, "Attention needed"),
                (55, "Damaged"),
                (60, "Destroyed"),
                (65, "Rejected"),
                (70, "Lost"),
                (75, "Quarantined"),
                (85, "Returned"),
            ],
            StatusKind::PurchaseOrder => &[
                (10, "Pending"),
                (20, "Placed"),
                (25, "On Hold"),
                (30, "Complete"),
                (40, "Cancelled"),
                (50, "Lost"),
                (60, "Returned"),
            ],
            StatusKind::SalesOrder => &[
                (10, "Pending"),
                (15, "In Progress"),
                (20, "Shipped"),
                (25, "On Hold"),
                (30, "Complete"),
                (40, "Cancelled"),
                (50, "Lost"),
                (60, "Returned"),
            ],
            StatusKind::ReturnOrder => &[
                (10, "Pending"),
                (20, "In Progress"),
                (25, "On Hold"),
                (30, "Complete"),
                (40, "Cancelled"),
            ],
            StatusKind::ReturnOrderLine => &[
                (10, "Pending"),
                (20, "Return"),
                (30, "Repair"),
                (40, "Replace"),
                (50, "Refund"),
                (60, "Reject"),
            ],
            StatusKind::Build => &[
                (10, "Pending"),
                (20, "Production"),
                (25, "On Hold"),
                (30, "Cancelled"),
                (40, "Complete"),
            ],
        };
        names
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("Unknown", |(_, name)| name)
    }
}

/// The type of a stock tracking entry: InvenTree's `StockHistoryCode`, with its codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryCode {
    Legacy = 0,
    Created = 1,
    Edited = 5,
    AssignedSerial = 6,
    StockCount = 10,
    StockAdd = 11,
    StockRemove = 12,
    ReturnedToStock = 15,
    StockMove = 20,
    StockUpdate = 25,
    InstalledIntoAssembly = 30,
    RemovedFromAssembly = 31,
    InstalledChildItem = 35,
    RemovedChildItem = 36,
    SplitFromParent = 40,
    SplitChildItem = 42,
    MergedStockItems = 45,
    ConvertedToVariant = 48,
    BuildOutputCreated = 50,
    BuildOutputCompleted = 55,
    BuildOutputRejected = 56,
    BuildConsumed = 57,
    ShippedAgainstSalesOrder = 60,
    ReceivedAgainstPurchaseOrder = 70,
    ReturnedAgainstReturnOrder = 80,
    SentToCustomer = 100,
    ReturnedFromCustomer = 105,
}

impl HistoryCode {
    const ALL: [HistoryCode; 27] = [
        HistoryCode::Legacy,
        HistoryCode::Created,
        HistoryCode::Edited,
        HistoryCode::AssignedSerial,
        HistoryCode::StockCount,
        HistoryCode::StockAdd,
        HistoryCode::StockRemove,
        HistoryCode::ReturnedToStock,
        HistoryCode::StockMove,
        HistoryCode::StockUpdate,
        HistoryCode::InstalledIntoAssembly,
        HistoryCode::RemovedFromAssembly,
        HistoryCode::InstalledChildItem,
        HistoryCode::RemovedChildItem,
        HistoryCode::SplitFromParent,
        HistoryCode::SplitChildItem,
        HistoryCode::MergedStockItems,
        HistoryCode::ConvertedToVariant,
        HistoryCode::BuildOutputCreated,
        HistoryCode::BuildOutputCompleted,
        HistoryCode::BuildOutputRejected,
        HistoryCode::BuildConsumed,
        HistoryCode::ShippedAgainstSalesOrder,
        HistoryCode::ReceivedAgainstPurchaseOrder,
        HistoryCode::ReturnedAgainstReturnOrder,
        HistoryCode::SentToCustomer,
        HistoryCode::ReturnedFromCustomer,
    ];

    pub fn from_code(code: i32) -> Option<HistoryCode> {
        HistoryCode::ALL.into_iter().find(|c| *c as i32 == code)
    }

    /// InvenTree's name of the type.
    pub fn name(self) -> &'static str {
        match self {
            HistoryCode::Legacy => "Legacy stock tracking entry",
            HistoryCode::Created => "Stock item created",
            HistoryCode::Edited => "Edited stock item",
            HistoryCode::AssignedSerial => "Assigned serial number",
            HistoryCode::StockCount => "Stock counted",
            HistoryCode::StockAdd => "Stock manually added",
            HistoryCode::StockRemove => "Stock manually removed",
            HistoryCode::ReturnedToStock => "Returned to stock",
            HistoryCode::StockMove => "Location changed",
            HistoryCode::StockUpdate => "Stock updated",
            HistoryCode::InstalledIntoAssembly => "Installed into assembly",
            HistoryCode::RemovedFromAssembly => "Removed from assembly",
            HistoryCode::InstalledChildItem => "Installed component item",
            HistoryCode::RemovedChildItem => "Removed component item",
            HistoryCode::SplitFromParent => "Split from parent item",
            HistoryCode::SplitChildItem => "Split child item",
            HistoryCode::MergedStockItems => "Merged stock items",
            HistoryCode::ConvertedToVariant => "Converted to variant",
            HistoryCode::BuildOutputCreated => "Build order output created",
            HistoryCode::BuildOutputCompleted => "Build order output completed",
            HistoryCode::BuildOutputRejected => "Build order output rejected",
            HistoryCode::BuildConsumed => "Consumed by build order",
            HistoryCode::ShippedAgainstSalesOrder => "Shipped against Sales Order",
            HistoryCode::ReceivedAgainstPurchaseOrder => "Received against Purchase Order",
            HistoryCode::ReturnedAgainstReturnOrder => "Returned against Return Order",
            HistoryCode::SentToCustomer => "Sent to customer",
            HistoryCode::ReturnedFromCustomer => "Returned from customer",
        }
    }

    /// The name of a stored code; "Unknown" for a code InvenTree does not define.
    pub fn name_of(code: i32) -> &'static str {
        HistoryCode::from_code(code).map_or("Unknown", HistoryCode::name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_inventree() {
        assert_eq!(StatusKind::Stock.status(50, None).name, "Attention needed");
        assert_eq!(StatusKind::SalesOrder.status(15, None).name, "In Progress");
        assert_eq!(StatusKind::Build.status(40, None).name, "Complete");
        assert_eq!(StatusKind::ReturnOrder.status(20, None).name, "In Progress");
        assert_eq!(StatusKind::ReturnOrderLine.status(40, None).name, "Replace");
        assert_eq!(StatusKind::ReturnOrderLine.status(15, None).name, "Unknown");
        assert_eq!(StatusKind::PurchaseOrder.status(99, None).name, "Unknown");
        assert_eq!(HistoryCode::name_of(42), "Split child item");
        assert_eq!(HistoryCode::name_of(43), "Unknown");
        assert_eq!(HistoryCode::SplitChildItem as i32, 42);
    }
}
