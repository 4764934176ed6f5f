//! Companies, supplier parts, code lookup and pricing, on InvenTree's own demo dataset. The
//! expected figures come from the dataset's rows (`../shared/inventree/demo-data.sql.gz`),
//! worked out by hand in the comments. The test databases use the C collation, so names
//! sort by their bytes (capitals first).

use crate::common;

use common::shared_demo;
use common::{TestApp, column};
use serde_json::{Value, json};

async fn app() -> Option<TestApp> {
    shared_demo::serve(|_| {}).await
}

async fn exec(app: &TestApp, sql: &'static str) {
    sqlx::query(sql).execute(&app.db.pool).await.unwrap();
}

fn names(answer: &Value) -> Vec<Value> {
    column(answer, "name")
}

// list_companies

#[tokio::test]
async fn suppliers_are_listed_by_name_with_their_part_counts() {
    let Some(app) = app().await else { return };
    let suppliers = app
        .call("list_companies", json!({"kind": "supplier"}))
        .await;
    // The 12 companies with is_supplier, by name.
    assert_eq!(suppliers["count"], 12);
    assert_eq!(
        json!(names(&suppliers)),
        json!([
            "Arrow",
            "DigiKey",
            "Future",
            "LCSC",
            "McMaster-Carr",
            "Mouser",
            "Newark",
            "PCBWOY",
            "Paint by Numbers",
            "Texas Instruments",
            "Wire-E-Coyote",
            "Wirey"
        ])
    );
    let digikey = &suppliers["items"][1];
    assert_eq!(
        (
            &digikey["id"],
            &digikey["website"],
            &digikey["currency"],
            &digikey["is_manufacturer"]
        ),
        (
            &json!(1),
            &json!("https://www.digikey.com/"),
            &json!("USD"),
            &json!(false)
        )
    );
    // part_supplierpart rows with supplier_id 1: 200; Texas Instruments makes one
    // manufacturer part and supplies none.
    assert_eq!(digikey["parts_supplied"], 200);
    assert_eq!(suppliers["items"][9]["parts_supplied"], 0);
    assert_eq!(suppliers["items"][9]["parts_manufactured"], 1);
}

#[tokio::test]
async fn company_search_needs_every_word_in_name_description_website_or_tax_id() {
    let Some(app) = app().await else { return };
    // The descriptions "Electronic components distributor" (LCSC, Future) and "Online
    // distributor of electronic components" (Newark), and the name "Panasonic Electronic
    // Components"; DigiKey's "DigiKey Electronics" lacks "components".
    let found = app
        .call("list_companies", json!({"search": "electronic COMPONENTS"}))
        .await;
    assert_eq!(
        names(&found),
        [
            json!("Future"),
            json!("LCSC"),
            json!("Newark"),
            json!("Panasonic Electronic Components")
        ]
    );
    // Only Hammond's website (https://www.hammfg.com/) holds "hammfg".
    let website = app
        .call("list_companies", json!({"search": "hammfg"}))
        .await;
    assert_eq!(names(&website), [json!("Hammond Manufacturing")]);
    exec(
        &app,
        "UPDATE company_company SET tax_id = 'GB123' WHERE id = 38",
    )
    .await;
    let tax = app.call("list_companies", json!({"search": "gb123"})).await;
    assert_eq!(names(&tax), [json!("McMaster-Carr")]);
    // A blank search filters nothing, as in InvenTree: all 36 companies.
    let blank = app.call("list_companies", json!({"search": "  "})).await;
    assert_eq!(blank["count"], 36);
}

#[tokio::test]
async fn companies_filter_by_active_and_page() {
    let Some(app) = app().await else { return };
    exec(
        &app,
        "UPDATE company_company SET active = false WHERE id = 33",
    )
    .await;
    // Customers A to E (ids 30, 32 to 35); C is now inactive.
    let inactive = app
        .call(
            "list_companies",
            json!({"kind": "customer", "active": false}),
        )
        .await;
    assert_eq!(names(&inactive), [json!("Customer C")]);
    let page = app
        .call(
            "list_companies",
            json!({"kind": "customer", "active": true, "limit": 2, "offset": 2}),
        )
        .await;
    assert_eq!(names(&page), [json!("Customer D"), json!("Customer E")]);
    assert_eq!(
        (&page["count"], &page["next_offset"]),
        (&json!(4), &Value::Null)
    );
}

#[tokio::test]
async fn list_companies_refuses_bad_arguments() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("list_companies", json!({"kind": "vendor"}))
            .await,
        "invalid argument `kind`: must be one of `supplier`, `manufacturer`, `customer`, \
         got \"vendor\""
    );
    assert_eq!(
        app.call_err("list_companies", json!({"limit": -1})).await,
        "invalid argument `limit`: must be between 1 and 1000, got -1"
    );
    assert_eq!(
        app.call_err("list_companies", json!({"offset": -5})).await,
        "invalid argument `offset`: must be 0 or more, got -5"
    );
}

// get_company

#[tokio::test]
async fn a_supplier_comes_with_contacts_addresses_and_open_purchase_orders() {
    let Some(app) = app().await else { return };
    let digikey = app.call("get_company", json!({"company_id": 1})).await;
    assert_eq!(digikey["name"], "DigiKey");
    assert_eq!(digikey["parts_supplied"], 200);
    // DigiKey's purchase orders have status 10 (pending), 20 (placed) and 30 (complete):
    // two are open.
    assert_eq!(digikey["open_purchase_orders"], 2);
    assert_eq!(digikey["open_sales_orders"], 0);
    assert_eq!(
        column(&json!({"items": digikey["contacts"]}), "email"),
        [
            json!("jimmy.mcleod@digikey.com"),
            json!("michelle.leblanc@digikey.com")
        ]
    );
    // By title; the one titled "Primary Address" is not the primary one.
    let addresses = &digikey["addresses"];
    assert_eq!(
        (
            &addresses[0]["title"],
            &addresses[0]["primary"],
            &addresses[1]["title"],
            &addresses[1]["primary"]
        ),
        (
            &json!("Primary Address"),
            &json!(false),
            &json!("Secondary Address"),
            &json!(true)
        )
    );
    assert_eq!(addresses[1]["line1"], "04964 Cox View Suite 815");
    assert_eq!(addresses[1]["country"], "Bolivia");
}

#[tokio::test]
async fn a_customer_counts_its_open_sales_orders() {
    let Some(app) = app().await else { return };
    // Customer B's sales orders: two pending (10) and one shipped (20, no longer open).
    let customer = app.call("get_company", json!({"company_id": 32})).await;
    assert_eq!(customer["open_sales_orders"], 2);
    assert_eq!(customer["open_purchase_orders"], 0);
    // Addresses by title, then id: Branch1 (13), East Branch (10), East Branch (45).
    assert_eq!(
        column(&json!({"items": customer["addresses"]}), "id"),
        [json!(13), json!(10), json!(45)]
    );
    // On hold (25) is open too.
    exec(
        &app,
        "UPDATE order_salesorder SET status = 25 WHERE customer_id = 32 AND status = 20",
    )
    .await;
    let held = app.call("get_company", json!({"company_id": 32})).await;
    assert_eq!(held["open_sales_orders"], 3);
}

#[tokio::test]
async fn get_company_names_a_missing_or_bad_id() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("get_company", json!({"company_id": 999}))
            .await,
        "company 999 does not exist"
    );
    assert_eq!(
        app.call_err("get_company", json!({"company_id": 0})).await,
        "invalid argument `company_id`: must be a whole number between 1 and 2147483647, got 0"
    );
}

// list_supplier_parts, get_supplier_part

#[tokio::test]
async fn supplier_parts_of_a_part_list_sku_supplier_and_availability() {
    let Some(app) = app().await else { return };
    let parts = app.call("list_supplier_parts", json!({"part_id": 1})).await;
    // Part 1 (R_10R_0402_1%) has supplier parts 801 to 806, one per distributor.
    assert_eq!(
        column(&parts, "SKU"),
        [
            json!("DIG-31286-FXE"),
            json!("MOU-68956-XPH"),
            json!("ARR-53775-EZW"),
            json!("LCS-46760-AKE"),
            json!("NEW-23182-EFC"),
            json!("FUT-49147-ZTD")
        ]
    );
    let first = &parts["items"][0];
    assert_eq!(
        (
            &first["supplier_name"],
            &first["part_name"],
            &first["available"]
        ),
        (&json!("DigiKey"), &json!("R_10R_0402_1%"), &json!(6201.0))
    );
    assert_eq!(first["availability_updated"], "2022-07-15T07:34:19.263Z");
    assert_eq!(
        (&first["MPN"], &first["primary"]),
        (&Value::Null, &json!(false))
    );
}

#[tokio::test]
async fn supplier_part_search_covers_sku_mpn_and_manufacturer() {
    let Some(app) = app().await else { return };
    // SKUs PNT.RED.1L (199), PNT.RED.10L (1008), PNT.RED.25L (1009), PNT.RED.SAMPLE (1017).
    let red = app
        .call("list_supplier_parts", json!({"search": "pnt.red"}))
        .await;
    assert_eq!(
        column(&red, "id"),
        [json!(199), json!(1008), json!(1009), json!(1017)]
    );
    // By MPN: RR0510P-104-D is manufacturer part 1 (Susumu), sold as DigiKey's 11.
    let mpn = app
        .call("list_supplier_parts", json!({"search": "rr0510p-104"}))
        .await;
    let item = &mpn["items"][0];
    assert_eq!(mpn["count"], 1);
    assert_eq!(
        (
            &item["id"],
            &item["MPN"],
            &item["manufacturer"],
            &item["manufacturer_name"]
        ),
        (
            &json!(11),
            &json!("RR0510P-104-D"),
            &json!(4),
            &json!("Susumu")
        )
    );
    // Susumu's 35 manufacturer parts are each sold by one supplier part; 16 of them are
    // 0805 resistors, named R_..._0805_...%.
    let susumu = app
        .call("list_supplier_parts", json!({"search": "susumu"}))
        .await;
    assert_eq!(susumu["count"], 35);
    let both = app
        .call(
            "list_supplier_parts",
            json!({"search": "susumu 0805", "limit": 1}),
        )
        .await;
    assert_eq!(both["count"], 16);
}

#[tokio::test]
async fn supplier_parts_filter_by_supplier_and_active() {
    let Some(app) = app().await else { return };
    // Paint by Numbers (36) supplies 15 supplier parts.
    let paint = app
        .call(
            "list_supplier_parts",
            json!({"supplier_id": 36, "limit": 5}),
        )
        .await;
    assert_eq!(
        (&paint["count"], &paint["next_offset"]),
        (&json!(15), &json!(5))
    );
    exec(
        &app,
        "UPDATE part_supplierpart SET active = false WHERE id IN (1016, 1017)",
    )
    .await;
    let inactive = app
        .call(
            "list_supplier_parts",
            json!({"supplier_id": 36, "active": false}),
        )
        .await;
    assert_eq!(
        column(&inactive, "SKU"),
        [json!("PNT.BLUE.SAMPLE"), json!("PNT.RED.SAMPLE")]
    );
    let none = app
        .call(
            "list_supplier_parts",
            json!({"part_id": 1, "supplier_id": 36}),
        )
        .await;
    assert_eq!(none["count"], 0);
}

#[tokio::test]
async fn a_supplier_part_gives_its_pack_in_part_units_and_its_price_breaks() {
    let Some(app) = app().await else { return };
    // WIRE.RED.10AWG: red wire (part 895, in metres) sold in 0.5 m lengths, one price break.
    let wire = app
        .call("get_supplier_part", json!({"supplier_part_id": 1021}))
        .await;
    assert_eq!(
        (
            &wire["SKU"],
            &wire["supplier_name"],
            &wire["part"],
            &wire["part_name"]
        ),
        (
            &json!("WIRE.RED.10AWG"),
            &json!("Wirey"),
            &json!(895),
            &json!("Silicon Wire 10AWG Red")
        )
    );
    assert_eq!(
        (
            &wire["pack_quantity"],
            &wire["pack_quantity_native"],
            &wire["multiple"]
        ),
        (&json!("0.5m"), &json!(0.5), &json!(1))
    );
    assert_eq!(wire["note"], "Sold in 0.5m lengths");
    assert_eq!(
        wire["price_breaks"],
        json!([{"quantity": 1.0, "price": 3.5, "price_currency": "USD"}])
    );
    // Supplier part 11 carries manufacturer part 1 and two breaks.
    let resistor = app
        .call("get_supplier_part", json!({"supplier_part_id": 11}))
        .await;
    assert_eq!(
        (
            &resistor["manufacturer_part"],
            &resistor["MPN"],
            &resistor["manufacturer_name"]
        ),
        (&json!(1), &json!("RR0510P-104-D"), &json!("Susumu"))
    );
    assert_eq!(resistor["available"], 28411.0);
    assert_eq!(
        resistor["price_breaks"],
        json!([
            {"quantity": 100.0, "price": 0.5133, "price_currency": "USD"},
            {"quantity": 1000.0, "price": 0.087, "price_currency": "USD"}
        ])
    );
    // 250 ml of blue paint, a part counted in litres: 0.25.
    let sample = app
        .call("get_supplier_part", json!({"supplier_part_id": 1016}))
        .await;
    assert_eq!(
        (
            &sample["pack_quantity"],
            &sample["pack_quantity_native"],
            &sample["price_breaks"]
        ),
        (&json!("250 ml"), &json!(0.25), &json!([]))
    );
}

#[tokio::test]
async fn get_supplier_part_names_a_missing_or_bad_id() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("get_supplier_part", json!({"supplier_part_id": 5000}))
            .await,
        "supplier part 5000 does not exist"
    );
    assert_eq!(
        app.call_err("get_supplier_part", json!({"supplier_part_id": -3}))
            .await,
        "invalid argument `supplier_part_id`: must be a whole number between 1 and 2147483647, got -3"
    );
    assert_eq!(
        app.call_err("list_supplier_parts", json!({"part_id": 0}))
            .await,
        "invalid argument `part_id`: must be a whole number between 1 and 2147483647, got 0"
    );
}

// find_part_by_code

fn matches(answer: &Value) -> Vec<(String, String, i64)> {
    answer["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["matched"].as_str().unwrap().to_string(),
                m["model"].as_str().unwrap().to_string(),
                m["pk"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn found(list: &[(&str, &str, i64)]) -> Vec<(String, String, i64)> {
    list.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
        .collect()
}

#[tokio::test]
async fn a_sku_matches_exactly_and_names_its_part_and_supplier() {
    let Some(app) = app().await else { return };
    let sku = app
        .call("find_part_by_code", json!({"code": " DIG-31286-FXE "}))
        .await;
    assert_eq!(matches(&sku), found(&[("SKU", "supplierpart", 801)]));
    let m = &sku["matches"][0];
    assert_eq!(
        (
            &m["part"],
            &m["part_name"],
            &m["company"],
            &m["company_name"]
        ),
        (
            &json!(1),
            &json!("R_10R_0402_1%"),
            &json!(1),
            &json!("DigiKey")
        )
    );
    // InvenTree's SKU filter and supplier barcode plugins compare SKUs exactly.
    let lower = app
        .call("find_part_by_code", json!({"code": "dig-31286-fxe"}))
        .await;
    assert_eq!(lower["matches"], json!([]));
}

#[tokio::test]
async fn mpn_ipn_and_name_match_in_any_case() {
    let Some(app) = app().await else { return };
    let mpn = app
        .call("find_part_by_code", json!({"code": "rr0510p-104-d"}))
        .await;
    assert_eq!(matches(&mpn), found(&[("MPN", "manufacturerpart", 1)]));
    assert_eq!(
        (
            &mpn["matches"][0]["part"],
            &mpn["matches"][0]["company_name"]
        ),
        (&json!(43), &json!("Susumu"))
    );
    let ipn = app
        .call("find_part_by_code", json!({"code": "WIDGET.RED"}))
        .await;
    assert_eq!(matches(&ipn), found(&[("IPN", "part", 72)]));
    // Four parts are named "Red Widget": 72 and its revisions 78, 79, 80.
    let name = app
        .call("find_part_by_code", json!({"code": "red widget"}))
        .await;
    assert_eq!(
        matches(&name),
        found(&[
            ("name", "part", 72),
            ("name", "part", 78),
            ("name", "part", 79),
            ("name", "part", 80)
        ])
    );
    assert_eq!(name["matches"][1]["IPN"], "widget.red.00");
}

#[tokio::test]
async fn inventree_json_barcodes_find_parts_stock_and_locations() {
    let Some(app) = app().await else { return };
    let part = app
        .call("find_part_by_code", json!({"code": "{\"part\": 28}"}))
        .await;
    assert_eq!(matches(&part), found(&[("InvenTree barcode", "part", 28)]));
    assert_eq!(part["matches"][0]["part_name"], "R_10K_0402_1%");
    // Stock item 2 is part 28 in location 8.
    let item = app
        .call("find_part_by_code", json!({"code": "{\"stockitem\": 2}"}))
        .await;
    assert_eq!(
        matches(&item),
        found(&[("InvenTree barcode", "stockitem", 2)])
    );
    assert_eq!(
        (
            &item["matches"][0]["part"],
            &item["matches"][0]["location_path"]
        ),
        (&json!(28), &json!("Electronics Lab/Reel Storage"))
    );
    let location = app
        .call(
            "find_part_by_code",
            json!({"code": "{\"stocklocation\": 3}"}),
        )
        .await;
    assert_eq!(
        (
            &location["matches"][0]["part"],
            &location["matches"][0]["location_path"]
        ),
        (&Value::Null, &json!("Factory/Storage Room B"))
    );
    // No such stock item: nothing.
    let missing = app
        .call(
            "find_part_by_code",
            json!({"code": "{\"stockitem\": 99999}"}),
        )
        .await;
    assert_eq!(missing["matches"], json!([]));
}

#[tokio::test]
async fn short_barcodes_use_the_plugin_prefix() {
    let Some(app) = app().await else { return };
    // INV- (the default prefix), SP (supplier part), 801.
    let short = app
        .call("find_part_by_code", json!({"code": "INV-SP801"}))
        .await;
    assert_eq!(
        matches(&short),
        found(&[("InvenTree barcode", "supplierpart", 801)])
    );
    assert_eq!(short["matches"][0]["part"], 1);
    // Digits are read as Python's int() reads them: leading zeros drop; past any id, none.
    let zeros = app
        .call(
            "find_part_by_code",
            json!({"code": "INV-PA0000000000000000000001"}),
        )
        .await;
    assert_eq!(matches(&zeros), found(&[("InvenTree barcode", "part", 1)]));
    let huge = app
        .call(
            "find_part_by_code",
            json!({"code": "INV-PA99999999999999999999999"}),
        )
        .await;
    assert_eq!(huge["matches"], json!([]));
    // With the plugin's SHORT_BARCODE_PREFIX set (plugin row 1 is inventreebarcode), only
    // that prefix is read.
    exec(
        &app,
        "INSERT INTO plugin_pluginsetting (key, value, plugin_id) \
         VALUES ('SHORT_BARCODE_PREFIX', 'ACME:', 1)",
    )
    .await;
    let custom = app
        .call("find_part_by_code", json!({"code": "ACME:PA1"}))
        .await;
    assert_eq!(matches(&custom), found(&[("InvenTree barcode", "part", 1)]));
    let old = app
        .call("find_part_by_code", json!({"code": "INV-SP801"}))
        .await;
    assert_eq!(old["matches"], json!([]));
}

#[tokio::test]
async fn assigned_barcodes_match_by_inventree_hash() {
    let Some(app) = app().await else { return };
    // As InvenTree assigns a scanned barcode: the data as scanned (here with a GS1 group
    // separator, U+001D) and the MD5 of the data without control characters.
    exec(
        &app,
        "UPDATE stock_stockitem SET barcode_data = E'(01)0950\\x1d(10)AB12', \
         barcode_hash = md5('(01)0950(10)AB12') WHERE id = 3",
    )
    .await;
    // A scanner that drops the separator gives the same hash.
    let scanned = app
        .call("find_part_by_code", json!({"code": "(01)0950(10)AB12"}))
        .await;
    assert_eq!(matches(&scanned), found(&[("barcode", "stockitem", 3)]));
    assert_eq!(scanned["matches"][0]["part"], 28);
    // So does data with another control character (U+001E) and a trailing newline, which
    // InvenTree's hash leaves out too.
    let raw = app
        .call(
            "find_part_by_code",
            json!({"code": "(01)0950\u{1e}(10)AB12\r\n"}),
        )
        .await;
    assert_eq!(matches(&raw), found(&[("barcode", "stockitem", 3)]));
}

#[tokio::test]
async fn an_unknown_code_finds_nothing_and_a_blank_one_is_refused() {
    let Some(app) = app().await else { return };
    let none = app
        .call("find_part_by_code", json!({"code": "NO-SUCH-CODE"}))
        .await;
    assert_eq!(none, json!({"matches": []}));
    assert_eq!(
        app.call_err("find_part_by_code", json!({"code": " \t "}))
            .await,
        "invalid argument `code`: must not be empty: give a SKU, MPN, IPN, part name or barcode"
    );
}

// get_part_pricing

/// `get_part_pricing` of `quantity` units of `part`.
async fn priced(app: &TestApp, part: i64, quantity: f64) -> Value {
    app.call(
        "get_part_pricing",
        json!({"part_id": part, "quantity": quantity}),
    )
    .await
}

/// One field of each supplier price, in the answer's order.
fn of_each_price(answer: &Value, field: &str) -> Vec<Value> {
    column(&json!({"items": answer["supplier_prices"]}), field)
}

#[tokio::test]
async fn cached_pricing_ranges_come_as_inventree_stored_them() {
    let Some(app) = app().await else { return };
    let pricing = app.call("get_part_pricing", json!({"part_id": 1})).await;
    let cached = &pricing["pricing"];
    assert_eq!(cached["updated"], "2023-05-17T12:30:34.242Z");
    assert_eq!(
        cached["purchase_cost"],
        json!({"min": {"amount": 0.17397, "currency": "USD"},
               "max": {"amount": 0.34257, "currency": "USD"}})
    );
    assert_eq!(
        cached["supplier_price"],
        json!({"min": {"amount": 0.024017, "currency": "USD"},
               "max": {"amount": 0.4399, "currency": "USD"}})
    );
    // The demo sets PRICING_PURCHASE_HISTORY_OVERRIDES_SUPPLIER: overall = purchase cost.
    assert_eq!(cached["overall"], cached["purchase_cost"]);
    assert_eq!(cached["bom_cost"], json!({"min": null, "max": null}));
    assert_eq!(pricing["default_currency"], "USD");
    assert_eq!(pricing["supplier_prices"], Value::Null);
    assert_eq!(pricing["currency_note"], Value::Null);
}

#[tokio::test]
async fn sale_and_internal_price_breaks_come_by_quantity() {
    let Some(app) = app().await else { return };
    // Master Assembly (113): sale breaks 1 @ 6500 and 5 @ 5500 USD; BOM cost cached.
    let assembly = app.call("get_part_pricing", json!({"part_id": 113})).await;
    assert_eq!(
        assembly["sale_price_breaks"],
        json!([
            {"quantity": 1.0, "price": 6500.0, "price_currency": "USD"},
            {"quantity": 5.0, "price": 5500.0, "price_currency": "USD"}
        ])
    );
    assert_eq!(
        assembly["pricing"]["bom_cost"]["min"]["amount"],
        3772.962654
    );
    assert_eq!(assembly["pricing"]["sale_price"]["max"]["amount"], 6500.0);
    // Leg (95): internal breaks 1 @ 12.75 and 25 @ 10.60 USD.
    let leg = app.call("get_part_pricing", json!({"part_id": 95})).await;
    assert_eq!(
        leg["internal_price_breaks"],
        json!([
            {"quantity": 1.0, "price": 12.75, "price_currency": "USD"},
            {"quantity": 25.0, "price": 10.6, "price_currency": "USD"}
        ])
    );
    assert_eq!(leg["sale_price_breaks"], json!([]));
}

#[tokio::test]
async fn another_currency_is_stated_with_the_missing_rates() {
    let Some(app) = app().await else { return };
    // M2x4 SHCS (65): an internal break in NZD, pricing cached in USD; the demo has no
    // exchange rates.
    let screw = app.call("get_part_pricing", json!({"part_id": 65})).await;
    assert_eq!(screw["internal_price_breaks"][0]["price_currency"], "NZD");
    assert_eq!(
        screw["currency_note"],
        "Amounts are in NZD, USD; InvenTree's default currency is USD, into which it \
         converts with its exchange rates. The database has no exchange rate for NZD: such \
         amounts are not converted (InvenTree would use them unconverted). Amounts are shown \
         as stored, not converted."
    );
}

#[tokio::test]
async fn supplier_prices_round_up_to_whole_packs() {
    let Some(app) = app().await else { return };
    // 120 m of red wire (part 895), from three Wirey supplier parts, each with one break
    // at 1 pack:
    //   1022: 100 m packs at 275.00: 120/100 = 1.2 -> 2 packs (200 m), 2 x 275 = 550.00
    //   1021: 0.5 m packs at 3.50: 120/0.5 = 240 packs, 240 x 3.50 = 840.00
    //   1023: 500 m packs at 985.00: 120/500 = 0.24 -> 1 pack (500 m), 985.00
    let wire = priced(&app, 895, 120.0).await;
    let prices = &wire["supplier_prices"];
    assert_eq!(
        of_each_price(&wire, "supplier_part"),
        [json!(1022), json!(1021), json!(1023)]
    );
    assert_eq!(
        prices[0],
        json!({
            "supplier_part": 1022, "supplier": 42, "supplier_name": "Wirey",
            "SKU": "WIRE.RED.10AWG.100M", "pack_quantity_native": 100.0, "multiple": 1,
            "packs": 2.0, "quantity": 200.0, "break_quantity": 1.0, "price": 275.0,
            "price_currency": "USD", "unit_price": 2.75, "base_cost": 0.0, "total": 550.0,
            "total_converted": 550.0
        })
    );
    assert_eq!(
        (
            &prices[1]["packs"],
            &prices[1]["unit_price"],
            &prices[1]["total"]
        ),
        (&json!(240.0), &json!(7.0), &json!(840.0))
    );
    assert_eq!(
        (
            &prices[2]["packs"],
            &prices[2]["quantity"],
            &prices[2]["total"]
        ),
        (&json!(1.0), &json!(500.0), &json!(985.0))
    );
    assert_eq!(wire["quantity"], 120.0);
    assert_eq!(wire["currency_note"], Value::Null);
}

#[tokio::test]
async fn supplier_prices_round_up_to_the_order_multiple() {
    let Some(app) = app().await else { return };
    exec(
        &app,
        "UPDATE part_supplierpart SET multiple = 3 WHERE id = 1022",
    )
    .await;
    // 120 m in 100 m packs: 2 packs, rounded up to the multiple of 3: 3 packs (300 m),
    // 3 x 275 = 825.00, still below 240 x 0.5 m packs at 3.50 = 840.00.
    let wire = priced(&app, 895, 120.0).await;
    let first = &wire["supplier_prices"][0];
    assert_eq!(
        (
            &first["supplier_part"],
            &first["multiple"],
            &first["packs"],
            &first["quantity"],
            &first["total"]
        ),
        (
            &json!(1022),
            &json!(3),
            &json!(3.0),
            &json!(300.0),
            &json!(825.0)
        )
    );
}

#[tokio::test]
async fn the_break_is_the_largest_reached_or_else_the_smallest() {
    let Some(app) = app().await else { return };
    // DigiKey's 801 (part 1): 100 @ 0.2343, 1000 @ 0.1626 USD, packs of 1.
    let price = |quantity: f64| {
        let app = &app;
        async move {
            let answer = priced(app, 1, quantity).await;
            let digikey = answer["supplier_prices"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["supplier_part"] == 801)
                .unwrap()
                .clone();
            (digikey["break_quantity"].clone(), digikey["total"].clone())
        }
    };
    // 50 reaches no break: the smallest (100) applies, 50 x 0.2343 = 11.715.
    assert_eq!(price(50.0).await, (json!(100.0), json!(11.715)));
    // 999 reaches 100 only: 999 x 0.2343 = 234.0657.
    assert_eq!(price(999.0).await, (json!(100.0), json!(234.0657)));
    // 1000 reaches the 1000 break: 1000 x 0.1626 = 162.6.
    assert_eq!(price(1000.0).await, (json!(1000.0), json!(162.6)));
}

#[tokio::test]
async fn prices_in_currencies_without_a_rate_follow_the_converted_ones() {
    let Some(app) = app().await else { return };
    // 150 units of part 1, all at the 100 break (packs of 1):
    //   USD: Arrow 803 150 x 0.3292 = 49.38, Newark 805 150 x 0.4399 = 65.985,
    //        DigiKey 801 150 x 0.2343 = 35.145
    //   AUD: Mouser 802 150 x 0.508 = 76.2; CAD: Future 806 150 x 0.2812 = 42.18;
    //   CNY: LCSC 804 150 x 0.2002 = 30.03
    // No exchange rates: USD first by total, then AUD, CAD, CNY unconverted.
    let answer = priced(&app, 1, 150.0).await;
    assert_eq!(
        of_each_price(&answer, "supplier_part"),
        [
            json!(801),
            json!(803),
            json!(805),
            json!(802),
            json!(806),
            json!(804)
        ]
    );
    assert_eq!(
        of_each_price(&answer, "total"),
        [
            json!(35.145),
            json!(49.38),
            json!(65.985),
            json!(76.2),
            json!(42.18),
            json!(30.03)
        ]
    );
    assert_eq!(
        of_each_price(&answer, "total_converted"),
        [
            json!(35.145),
            json!(49.38),
            json!(65.985),
            Value::Null,
            Value::Null,
            Value::Null
        ]
    );
    assert_eq!(
        answer["currency_note"],
        "Amounts are in AUD, CAD, CNY, USD; InvenTree's default currency is USD, into which \
         it converts with its exchange rates. The database has no exchange rate for AUD, CAD, \
         CNY: such amounts are not converted (InvenTree would use them unconverted). Supplier \
         totals are compared in the default currency (total_converted); those without a rate come \
         after them, cheapest first within each currency."
    );
}

#[tokio::test]
async fn exchange_rates_convert_supplier_totals_before_ranking_them() {
    let Some(app) = app().await else { return };
    // Rates against USD as InvenTree's exchange backend stores them: 2 AUD, 4 CAD, 8 CNY
    // per USD. Converted: Mouser 76.2 AUD / 2 = 38.1, Future 42.18 CAD / 4 = 10.545, LCSC
    // 30.03 CNY / 8 = 3.75375.
    exec(
        &app,
        "INSERT INTO exchange_exchangebackend (name, last_update, base_currency) \
         VALUES ('InvenTreeExchange', '2026-11-20 06:00+00', 'USD')",
    )
    .await;
    exec(
        &app,
        "INSERT INTO exchange_rate (currency, value, backend_id) VALUES \
         ('AUD', 2, 'InvenTreeExchange'), ('CAD', 4, 'InvenTreeExchange'), \
         ('CNY', 8, 'InvenTreeExchange'), ('USD', 1, 'InvenTreeExchange')",
    )
    .await;
    let answer = priced(&app, 1, 150.0).await;
    assert_eq!(
        of_each_price(&answer, "supplier_part"),
        [
            json!(804),
            json!(806),
            json!(801),
            json!(802),
            json!(803),
            json!(805)
        ]
    );
    assert_eq!(
        of_each_price(&answer, "total_converted"),
        [
            json!(3.75375),
            json!(10.545),
            json!(35.145),
            json!(38.1),
            json!(49.38),
            json!(65.985)
        ]
    );
    assert_eq!(
        answer["currency_note"],
        "Amounts are in AUD, CAD, CNY, USD; InvenTree's default currency is USD, into which \
         it converts with its exchange rates. The database has rates for AUD, CAD, CNY, \
         updated 2026-11-20. Supplier totals are compared in the default currency \
         (total_converted); those without a rate come after them, cheapest first within \
         each currency."
    );
}

/// The cheapest supplier price of `quantity` units of `part`: (supplier part, break, total).
async fn cheapest(app: &TestApp, part: i64, quantity: f64) -> (Value, Value, Value) {
    let answer = priced(app, part, quantity).await;
    let first = &answer["supplier_prices"][0];
    (
        first["supplier_part"].clone(),
        first["break_quantity"].clone(),
        first["total"].clone(),
    )
}

#[tokio::test]
async fn the_cheapest_supplier_depends_on_the_quantity() {
    let Some(app) = app().await else { return };
    // R_100K_0805_1% (45), packs of 1, USD breaks at 100 and 1000 (AUD, CAD, CNY ones have
    // no rate and come after):
    //   10 units, below every break, so the 100 break: Newark 766 at 0.3205 is the cheapest
    //   of 17 0.3914, 27 0.3573, 28 0.5431, 29 0.3536, 30 0.4984, 764 0.5284:
    //   10 x 0.3205 = 3.205.
    //   1000 units, the 1000 break: DigiKey 28 at 0.0459 (766 0.0771, 29 0.0801, ...):
    //   1000 x 0.0459 = 45.9.
    assert_eq!(
        cheapest(&app, 45, 10.0).await,
        (json!(766), json!(100.0), json!(3.205))
    );
    assert_eq!(
        cheapest(&app, 45, 1000.0).await,
        (json!(28), json!(1000.0), json!(45.9))
    );
    // MAX232IDR (61), one supplier part (196): 1 @ 2.56, 20 @ 2.35 USD.
    //   1 unit: 2.56; 100 units: the 20 break, 100 x 2.35 = 235.
    assert_eq!(
        cheapest(&app, 61, 1.0).await,
        (json!(196), json!(1.0), json!(2.56))
    );
    assert_eq!(
        cheapest(&app, 61, 100.0).await,
        (json!(196), json!(20.0), json!(235.0))
    );
}

#[tokio::test]
async fn a_part_never_priced_has_no_cached_pricing() {
    let Some(app) = app().await else { return };
    exec(&app, "DELETE FROM part_partpricing WHERE part_id = 895").await;
    let wire = app.call("get_part_pricing", json!({"part_id": 895})).await;
    assert_eq!(
        (&wire["part_name"], &wire["units"], &wire["pricing"]),
        (&json!("Silicon Wire 10AWG Red"), &json!("m"), &Value::Null)
    );
}

#[tokio::test]
async fn get_part_pricing_refuses_a_missing_part_and_bad_quantities() {
    let Some(app) = app().await else { return };
    assert_eq!(
        app.call_err("get_part_pricing", json!({"part_id": 99999}))
            .await,
        "part 99999 does not exist"
    );
    for bad in [json!(0), json!(-2.5), json!(1e10)] {
        assert_eq!(
            app.call_err("get_part_pricing", json!({"part_id": 1, "quantity": bad}))
                .await,
            format!(
                "invalid argument `quantity`: must be above 0 and below 10000000000, got {}",
                bad.as_f64().unwrap()
            )
        );
    }
}
