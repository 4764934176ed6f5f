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
pub const RESISTOR_220R: i64 = 4;
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
pub const MECHANICAL: i64 = 7;

pub const WAREHOUSE: i64 = 1;
pub const SHELF_A: i64 = 2;
pub const BIN_A1: i64 = 3;
pub const BIN_A2: i64 = 4;
pub const WORKSHOP: i64 = 6;
pub const BENCH_1: i64 = 7;
pub const SUPPLIER_CONSIGNMENT: i64 = 8;

/// 4000 of the 10k resistor, batch R10K-2611, in Bin A1: the item with history.
pub const STOCK_RESISTOR_10K_BIN_A1: i64 = 1;
/// 300 of the 10k resistor on Bench 1, consumed by build BO-0001.
pub const STOCK_RESISTOR_10K_CONSUMED: i64 = 7;
/// The 10k resistor's empty item (quantity 0) in Bin A1.
pub const STOCK_RESISTOR_10K_EMPTY: i64 = 9;
/// 750 of the 4k7 resistor in Bin A1.
pub const STOCK_RESISTOR_4K7_BIN_A1: i64 = 13;
/// 300 of the 220R resistor in Bin A1.
pub const STOCK_RESISTOR_220R_BIN_A1: i64 = 14;
/// 950 M3x8 screws on Shelf B.
pub const STOCK_SCREW_M3X8_SHELF_B: i64 = 23;
/// Sensor board serial 1001 on Shelf A.
pub const STOCK_SENSOR_BOARD_1001: i64 = 29;
/// Sensor boards serial 1003 and 1005, shipped to Globex with SO-0002.
pub const STOCK_SENSOR_BOARD_1003_SHIPPED: i64 = 31;
pub const STOCK_SENSOR_BOARD_1005_SHIPPED: i64 = 33;
/// 5 sensor boards (not serialized) of build BO-0001, in production on Bench 1.
pub const STOCK_SENSOR_BOARD_BENCH_1: i64 = 34;
/// Sensor board serial 1006, installed in a sensor kit.
pub const STOCK_SENSOR_BOARD_1006_INSTALLED: i64 = 36;
/// 35.5 m of hookup wire on Bench 1.
pub const STOCK_HOOKUP_WIRE_BENCH_1: i64 = 40;

/// The last of the demo's stock history rows: rows a test writes come after it.
pub const LAST_DEMO_TRACKING: i64 = 3;
