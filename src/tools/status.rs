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

/// The name of a stock tracking entry's type (`StockHistoryCode`).
pub fn tracking_name(code: i32) -> &'static str {
    match code {
        0 => "Legacy stock tracking entry",
        1 => "Stock item created",
        5 => "Edited stock item",
        6 => "Assigned serial number",
        10 => "Stock counted",
        11 => "Stock manually added",
        12 => "Stock manually removed",
        15 => "Returned to stock",
        20 => "Location changed",
        25 => "Stock updated",
        30 => "Installed into assembly",
        31 => "Removed from assembly",
        35 => "Installed component item",
        36 => "Removed component item",
        40 => "Split from parent item",
        42 => "Split child item",
        45 => "Merged stock items",
        48 => "Converted to variant",
        50 => "Build order output created",
        55 => "Build order output completed",
        56 => "Build order output rejected",
        57 => "Consumed by build order",
        60 => "Shipped against Sales Order",
        70 => "Received against Purchase Order",
        80 => "Returned against Return Order",
        100 => "Sent to customer",
        105 => "Returned from customer",
        _ => "Unknown",
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
        assert_eq!(StatusKind::PurchaseOrder.status(99, None).name, "Unknown");
        assert_eq!(tracking_name(42), "Split child item");
    }
}
