//! Named rows of the demo inventory (src/demo/inventory.sql) that the tests assert on.

pub use inventree_mcp::demo::DEMO_TOKEN;

/// The `viewer` user's token (member of `readers`).
pub const VIEWER_TOKEN: &str = "inv-71e3e371e3e371e3e371e3e371e3e371e3e371e3-20261125";

pub const ENGINEER_TOKEN: &str = "inv-e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1e1-20261125";
pub const ALLACCESS_TOKEN: &str = "inv-a11a11a11a11a11a11a11a11a11a11a11a11a11a-20261125";
pub const NOGROUPS_TOKEN: &str = "inv-0000000000000000000000000000000000000000-20261125";
pub const INACTIVE_TOKEN: &str = "inv-dead0dead0dead0dead0dead0dead0dead0dead0-20261125";

/// The viewer's web session, signed with [`SECRET_KEY`].
pub const VIEWER_SESSION: &str = "v1ewerses5ion0000000000000000000";
pub const SECRET_KEY: &str = "inventree-mcp-demo-secret-key-not-for-production";

pub const PART_COUNT: i64 = 30;

pub const RESISTOR_10K: i64 = 1;
pub const RESISTOR_47K_OBSOLETE: i64 = 5;
pub const CAPACITOR_100N: i64 = 6;
pub const CAPACITOR_22P: i64 = 8;
pub const ATMEGA328P: i64 = 10;
pub const STM32F103: i64 = 11;
pub const ESP32: i64 = 12;
pub const NE555: i64 = 14;
pub const ENCLOSURE_TEMPLATE: i64 = 19;
pub const ENCLOSURE_GREY: i64 = 21;
pub const SENSOR_BOARD: i64 = 22;
pub const THERMAL_PAD: i64 = 30;

pub const ELECTRONICS: i64 = 1;
pub const PASSIVES: i64 = 2;
pub const RESISTORS: i64 = 3;
pub const CAPACITORS: i64 = 4;
pub const MECHANICAL: i64 = 7;

pub const WAREHOUSE: i64 = 1;
pub const SHELF_A: i64 = 2;
pub const WORKSHOP: i64 = 6;
pub const BENCH_1: i64 = 7;
pub const SUPPLIER_CONSIGNMENT: i64 = 8;
