//! create_part and update_part: the rows they leave, their refusals, their modes.

use crate::common;

use common::TestApp;
use common::fixtures::*;
use serde_json::{Value, json};
use sqlx::PgPool;

/// Every column of a part row (its id and tree id aside) as JSON.
async fn row(pool: &PgPool, id: i64) -> Value {
    sqlx::query_scalar("SELECT to_jsonb(p) - 'id' - 'tree_id' FROM part_part p WHERE id = $1")
        .bind(id as i32)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn parts(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM part_part")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn create_part_writes_the_row_inventree_writes() {
    let app = TestApp::start().await.with_token(ENGINEER_TOKEN);
    let answer = app
        .call("create_part", json!({"name": "Resistor 100k 0603", "description": "100 kOhm 1% resistor", "category_id": RESISTORS, "IPN": "R-0603-100K"}))
        .await;
    assert_eq!(answer["dry_run"], false);
    assert_eq!(
        answer["part"]["category_path"],
        "Electronics/Passives/Resistors"
    );
    assert_eq!(answer["part"]["total_in_stock"], 0.0);
    let id = answer["id"].as_i64().unwrap();
    let today: String = sqlx::query_scalar("SELECT CURRENT_DATE::text")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        row(&app.db.pool, id).await,
        json!({
            "name": "Resistor 100k 0603", "description": "100 kOhm 1% resistor", "keywords": "", "IPN": "R-0603-100K",
            "link": "", "image": "", "minimum_stock": 0.0, "units": "", "trackable": false, "purchaseable": true,
            "salable": false, "active": true, "notes": null, "bom_checksum": "", "bom_checked_date": null,
            "bom_checked_by_id": null, "category_id": 3, "default_location_id": null, "is_template": false,
            "variant_of_id": null, "assembly": false, "component": true, "virtual": false, "revision": "",
            "creation_date": today, "creation_user_id": 3, "level": 0, "lft": 1, "rght": 2,
            "default_expiry": 0, "base_cost": 0.0, "multiple": 1, "metadata": {}, "barcode_data": "",
            "barcode_hash": "", "responsible_owner_id": null, "locked": false, "revision_of_id": null,
            "testable": false, "bom_validated": false, "maximum_stock": 0.0
        })
    );
    // A tree of its own: a tree_id no other part has.
    let shared: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM part_part WHERE tree_id = (SELECT tree_id FROM part_part WHERE id = $1)",
    )
    .bind(id as i32)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(shared, 1);
}

#[tokio::test]
async fn create_part_refusals_change_nothing() {
    let app = TestApp::start().await.with_token(ENGINEER_TOKEN);
    let base = |extra: Value| {
        let mut args = json!({"name": "New part", "description": "d", "category_id": RESISTORS});
        args.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        args
    };
    let cases = [
        (
            base(json!({"name": "Resistor 10k 0603", "IPN": "R-0603-10K"})),
            "part 1 already has name `Resistor 10k 0603`, IPN `R-0603-10K` and revision ``; InvenTree requires the three together to be unique",
        ),
        (
            base(json!({"category_id": ELECTRONICS})),
            "invalid argument `category_id`: category 1 (Electronics) is structural: it holds no parts directly",
        ),
        (
            base(json!({"category_id": 555})),
            "category 555 does not exist",
        ),
        (
            base(json!({"name": "   "})),
            "invalid argument `name`: must not be blank",
        ),
        (
            base(json!({"name": "x".repeat(101)})),
            "invalid argument `name`: is 101 characters long; at most 100",
        ),
        (
            base(json!({"description": "<b>bold</b>"})),
            "invalid argument `description`: contains HTML tags, which InvenTree refuses",
        ),
        (
            base(json!({"units": "m; DROP"})),
            "invalid argument `units`: `m; DROP` is not a unit of measure",
        ),
        (
            base(json!({"active": "yes"})),
            "invalid argument `active`: must be true or false, got \"yes\"",
        ),
    ];
    for (args, message) in cases {
        assert_eq!(
            app.call_err("create_part", args.clone()).await,
            message,
            "{args}"
        );
    }
    assert_eq!(parts(&app.db.pool).await, PART_COUNT);
    // Two parts with the same name and no IPN or revision collide, as through InvenTree's API.
    app.call("create_part", base(json!({}))).await;
    assert_eq!(
        app.call_err("create_part", base(json!({}))).await,
        "part 31 already has name `New part`, IPN `` and revision ``; InvenTree requires the three together to be unique"
    );
    // Site rules: no duplicate IPNs (case-insensitive), an IPN pattern.
    sqlx::query("INSERT INTO common_inventreesetting (key, value) VALUES ('PART_ALLOW_DUPLICATE_IPN', 'False'), ('PART_IPN_REGEX', '^[A-Z]-')")
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        app.call_err(
            "create_part",
            base(json!({"name": "Other", "IPN": "r-0603-10k"}))
        )
        .await,
        "invalid argument `IPN`: part 1 already has IPN `r-0603-10k` and this InvenTree does not allow duplicate IPNs"
    );
    assert_eq!(
        app.call_err("create_part", base(json!({"name": "Other", "IPN": "123"})))
            .await,
        "invalid argument `IPN`: `123` does not match this InvenTree's IPN pattern `^[A-Z]-`"
    );
    assert_eq!(parts(&app.db.pool).await, PART_COUNT + 1);
}

#[tokio::test]
async fn update_part_changes_only_what_it_names() {
    let app = TestApp::start().await.with_token(ENGINEER_TOKEN);
    let before = row(&app.db.pool, CAPACITOR_22P).await;
    let answer = app
        .call(
            "update_part",
            json!({"part_id": CAPACITOR_22P, "description": "22 pF C0G 50 V", "active": false}),
        )
        .await;
    assert_eq!(
        (answer["description"].clone(), answer["active"].clone()),
        (json!("22 pF C0G 50 V"), json!(false))
    );
    let mut expected = before.clone();
    expected["description"] = json!("22 pF C0G 50 V");
    expected["active"] = json!(false);
    assert_eq!(row(&app.db.pool, CAPACITOR_22P).await, expected);
    // Dry run: the answer shows the change, the row keeps it out.
    let dry = app
        .call(
            "update_part",
            json!({"part_id": CAPACITOR_22P, "name": "Cap 22p", "dry_run": true}),
        )
        .await;
    assert_eq!(dry["name"], "Cap 22p");
    assert_eq!(row(&app.db.pool, CAPACITOR_22P).await, expected);
}

#[tokio::test]
async fn update_part_refusals_change_nothing() {
    let app = TestApp::start().await.with_token(ENGINEER_TOKEN);
    sqlx::query("UPDATE part_part SET locked = true WHERE id = 2")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let cases = [
        (
            json!({"part_id": 3}),
            "invalid argument `part_id`: name at least one field to change: name, description, active, IPN, revision, units",
        ),
        (
            json!({"part_id": 2, "name": "x"}),
            "part 2 is locked: unlock it in InvenTree to edit it",
        ),
        (
            json!({"part_id": 999, "name": "x"}),
            "part 999 does not exist",
        ),
        (
            json!({"part_id": 3, "name": "Resistor 10k 0603", "IPN": "R-0603-10K"}),
            "part 1 already has name `Resistor 10k 0603`, IPN `R-0603-10K` and revision ``; InvenTree requires the three together to be unique",
        ),
        // Its supplier part's pack size is in the part's units.
        (
            json!({"part_id": 1, "units": "kg"}),
            "part 1 has supplier parts whose pack sizes depend on its units: change units in InvenTree",
        ),
    ];
    for (args, message) in cases {
        let id = args["part_id"].as_i64().unwrap();
        let before = if id < 999 {
            Some(row(&app.db.pool, id).await)
        } else {
            None
        };
        assert_eq!(
            app.call_err("update_part", args.clone()).await,
            message,
            "{args}"
        );
        if let Some(before) = before {
            assert_eq!(row(&app.db.pool, id).await, before, "{args}");
        }
    }
}

#[tokio::test]
async fn part_writes_need_their_roles() {
    let viewer = TestApp::start().await.with_token(VIEWER_TOKEN);
    assert_eq!(
        viewer
            .call_err(
                "create_part",
                json!({"name": "x", "description": "", "category_id": 3})
            )
            .await,
        "permission denied: this tool requires part.add (InvenTree role `part`, action `add`)"
    );
    assert_eq!(
        viewer
            .call_err("update_part", json!({"part_id": 3, "name": "x"}))
            .await,
        "permission denied: this tool requires part.change (InvenTree role `part`, action `change`)"
    );
}

async fn exists(pool: &PgPool, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[tokio::test]
async fn delete_parts_deletes_what_belongs_to_a_part_and_skips_the_rest() {
    let app = TestApp::start().await.with_token(ALLACCESS_TOKEN);
    let pool = &app.db.pool;
    // Part 17 (Screw M2.5x6) gets everything that belongs to a part, short of stock.
    sqlx::raw_sql(
        "INSERT INTO part_partrelated (part_1_id, part_2_id, note) VALUES (17, 15, '');
         INSERT INTO part_partstar (part_id, user_id) VALUES (17, 1);
         INSERT INTO part_partpricing (part_id, currency, scheduled_for_update) VALUES (17, 'EUR', false);
         INSERT INTO part_bomitemsubstitute (bom_item_id, part_id) VALUES (13, 17);
         INSERT INTO part_parttesttemplate (test_name, required, part_id, requires_attachment, requires_value, key, enabled, choices)
             VALUES ('Thread', true, 17, false, false, 'thread', true, '');
         INSERT INTO part_supplierpart (\"SKU\", base_cost, multiple, part_id, supplier_id, available, barcode_data, barcode_hash,
             pack_quantity, pack_quantity_native, active, \"primary\")
             VALUES ('ACME-M25X6', 0, 1, 17, 1, 0, '', '', '1', 1, true, true);
         INSERT INTO part_supplierpricebreak (quantity, part_id, price, price_currency)
             SELECT 100, id, 1.5, 'EUR' FROM part_supplierpart WHERE \"SKU\" = 'ACME-M25X6';
         INSERT INTO taggit_taggeditem (object_id, content_type_id, tag_id) VALUES (17, 1, 1);",
    )
    .execute(pool)
    .await
    .unwrap();
    let answer = app
        .call(
            "delete_parts",
            json!({"part_ids": [17, 16, 999, 28, 17, 1, 19, 5]}),
        )
        .await;
    assert_eq!(
        answer,
        json!({
            "dry_run": false,
            "deleted": [17, 5],
            "deleted_count": 2,
            "skipped": [
                {"id": 16, "name": "Screw M3x12", "reason": "has 1 stock item"},
                {"id": 999, "name": null, "reason": "not found"},
                {"id": 28, "name": "LED red 0805", "reason": "used in 1 assembly's BOM (set delete_from_assemblies to remove it from them)"},
                {"id": 1, "name": "Resistor 10k 0603", "reason": "used in 1 assembly's BOM (set delete_from_assemblies to remove it from them)"},
                {"id": 19, "name": "Enclosure 100x60", "reason": "used in 1 assembly's BOM (set delete_from_assemblies to remove it from them)"}
            ],
            "skipped_count": 5
        })
    );
    assert_eq!(parts(pool).await, PART_COUNT - 2);
    for (table, sql) in [
        (
            "related",
            "SELECT count(*) FROM part_partrelated WHERE part_1_id = 17 OR part_2_id = 17",
        ),
        (
            "stars",
            "SELECT count(*) FROM part_partstar WHERE part_id = 17",
        ),
        (
            "pricing",
            "SELECT count(*) FROM part_partpricing WHERE part_id = 17",
        ),
        (
            "substitutes",
            "SELECT count(*) FROM part_bomitemsubstitute WHERE part_id = 17",
        ),
        (
            "tests",
            "SELECT count(*) FROM part_parttesttemplate WHERE part_id = 17",
        ),
        (
            "suppliers",
            "SELECT count(*) FROM part_supplierpart WHERE part_id = 17",
        ),
        (
            "price breaks",
            "SELECT count(*) FROM part_supplierpricebreak b LEFT JOIN part_supplierpart s ON s.id = b.part_id WHERE s.id IS NULL",
        ),
        (
            "tags",
            "SELECT count(*) FROM taggit_taggeditem WHERE content_type_id = 1 AND object_id IN (5, 17)",
        ),
    ] {
        assert_eq!(exists(pool, sql).await, 0, "{table}");
    }
    // The other tag links stay: 18 in the fixture, one added, two deleted with the parts.
    assert_eq!(
        exists(pool, "SELECT count(*) FROM taggit_taggeditem").await,
        17
    );
}

#[tokio::test]
async fn delete_parts_from_assemblies_and_dry_runs() {
    let app = TestApp::start().await.with_token(ALLACCESS_TOKEN);
    let pool = &app.db.pool;
    let dry = app
        .call(
            "delete_parts",
            json!({"part_ids": [28], "delete_from_assemblies": true, "dry_run": true}),
        )
        .await;
    assert_eq!(
        (dry["dry_run"].clone(), dry["deleted"].clone()),
        (json!(true), json!([28]))
    );
    assert_eq!(parts(pool).await, PART_COUNT);
    let done = app
        .call(
            "delete_parts",
            json!({"part_ids": [28], "delete_from_assemblies": true}),
        )
        .await;
    assert_eq!(done["deleted"], json!([28]));
    // The controller board's BOM lost its LED line.
    assert_eq!(
        exists(pool, "SELECT count(*) FROM part_bomitem WHERE part_id = 23").await,
        5
    );
    sqlx::query("UPDATE part_part SET locked = true WHERE id = 12")
        .execute(pool)
        .await
        .unwrap();
    let refused = app
        .call("delete_parts", json!({"part_ids": [12, 14]}))
        .await;
    assert_eq!(
        refused["skipped"],
        json!([{"id": 12, "name": "ESP32-WROOM-32E", "reason": "locked"}])
    );
    assert_eq!(refused["deleted"], json!([14]));
    assert_eq!(
        app.call_err("delete_parts", json!({"part_ids": []})).await,
        "invalid argument `part_ids`: must list 1 to 100 parts, got 0"
    );
    assert_eq!(
        app.call_err("delete_parts", json!({"part_ids": [3, -1]}))
            .await,
        "invalid argument `part_ids[1]`: must be a whole number between 1 and 2147483647, got -1"
    );
    let viewer = app.with_token(ENGINEER_TOKEN);
    assert_eq!(
        viewer
            .call("delete_parts", json!({"part_ids": [9], "dry_run": true}))
            .await["deleted"],
        json!([9])
    );
    let reader = viewer.with_token(VIEWER_TOKEN);
    assert_eq!(
        reader
            .call_err("delete_parts", json!({"part_ids": [9]}))
            .await,
        "permission denied: this tool requires part.delete (InvenTree role `part`, action `delete`)"
    );
}

#[tokio::test]
async fn a_dry_run_of_create_part_answers_no_id() {
    let app = TestApp::start().await.with_token(ENGINEER_TOKEN);
    let before = parts(&app.db.pool).await;
    let answer = app
        .call("create_part", json!({"name": "Resistor 100k 0603", "description": "100 kOhm 1% resistor", "category_id": RESISTORS, "dry_run": true}))
        .await;
    assert_eq!(answer["dry_run"], true);
    assert_eq!(answer["name"], "Resistor 100k 0603");
    assert_eq!(
        answer["part"]["category_path"],
        "Electronics/Passives/Resistors"
    );
    // The rolled-back row drew an id that will never exist: neither the answer nor its part
    // carries it.
    assert!(answer.get("id").is_none(), "{answer}");
    assert!(answer["part"].get("id").is_none(), "{answer}");
    assert_eq!(parts(&app.db.pool).await, before);
}
