//! create_part and update_part: the rows they leave, their refusals, their modes.
#![recursion_limit = "256"]

mod common;

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
            "invalid argument `active`: invalid type: string \"yes\", expected a boolean",
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
