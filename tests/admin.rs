//! Attachments, project codes and barcode scans, on InvenTree's own demo dataset: what any
//! signed-in user may read, and what needs the owning object's view permission.

use crate::common;

use common::shared_demo::{self, NO_GROUPS_TOKEN, READER_TOKEN};
use common::{TestApp, column};
use serde_json::json;
use sqlx::Executor;

async fn app() -> Option<TestApp> {
    shared_demo::serve(|config| {
        config.inventree_url = Some("https://inventree.example.com/".into())
    })
    .await
}

/// The demo's two attachments, both on part 85 (1591BTBU), both uploaded 2026-11-24: the
/// newer id first.
#[tokio::test]
async fn attachments_of_a_part_with_absolute_download_urls() {
    let Some(app) = app().await else { return };
    let answer = app
        .call("list_attachments", json!({"model": "part", "id": 85}))
        .await;
    assert_eq!(answer["count"], 2);
    assert_eq!(column(&answer, "id"), [json!(2), json!(1)]);
    let datasheet = &answer["items"][1];
    assert_eq!(datasheet["filename"], "1591BTBU.pdf");
    assert_eq!(
        datasheet["url"],
        "https://inventree.example.com/media/part_files/85/1591BTBU.pdf"
    );
    assert_eq!(datasheet["comment"], "Datasheet");
    assert_eq!(datasheet["upload_date"], "2026-11-24");
    assert_eq!(datasheet["link"], json!(null));
    let none = app
        .call("list_attachments", json!({"model": "stockitem", "id": 85}))
        .await;
    assert_eq!(none["count"], 0);
}

#[tokio::test]
async fn attachments_need_the_view_permission_of_their_object() {
    let Some(app) = app().await else { return };
    let reader = app.with_token(READER_TOKEN);
    assert_eq!(reader.call("list_attachments", json!({})).await["count"], 2);
    let nobody = reader.with_token(NO_GROUPS_TOKEN);
    assert_eq!(
        nobody
            .call_err("list_attachments", json!({"model": "part", "id": 85}))
            .await,
        "permission denied: this tool requires part.view (InvenTree role `part`, action `view`)"
    );
    // Without a model: only the kinds the caller may view, here none.
    assert_eq!(nobody.call("list_attachments", json!({})).await["count"], 0);
    assert_eq!(
        nobody.call_err("list_attachments", json!({"id": 85})).await,
        "invalid argument `id`: needs `model`: the kind of object the id belongs to"
    );
    let unknown = nobody
        .call_err("list_attachments", json!({"model": "widget"}))
        .await;
    assert!(
        unknown.starts_with("invalid argument `model`: must be one of `part`, `stockitem`"),
        "{unknown}"
    );
}

/// Six project codes; any signed-in user reads them (InvenTree gives them to no role).
#[tokio::test]
async fn project_codes_are_listed_by_code_for_every_user() {
    let Some(app) = app().await else { return };
    let nobody = app.with_token(NO_GROUPS_TOKEN);
    let codes = nobody.call("list_project_codes", json!({})).await;
    assert_eq!(codes["count"], 6);
    assert_eq!(
        column(&codes, "code"),
        [
            "PRJ-CAT", "PRJ-HEL", "PRJ-NIM", "PRJ-PHO", "PRO-INF", "PRO-ZEN"
        ]
        .map(|c| json!(c))
    );
    assert_eq!(codes["items"][2]["description"], "Project Nimbus");
    let page = nobody
        .call("list_project_codes", json!({"limit": 2, "offset": 5}))
        .await;
    assert_eq!(column(&page, "code"), [json!("PRO-ZEN")]);
    assert_eq!(page["next_offset"], json!(null));
}

/// InvenTree's own forms name the object; part 85 is 1591BTBU, location 37 Offsite Storage.
#[tokio::test]
async fn internal_barcodes_resolve_to_their_objects() {
    let Some(app) = app().await else { return };
    let json_form = app
        .call("scan_barcode", json!({"data": "{\"part\": 85}"}))
        .await;
    assert_eq!(
        (
            json_form["kind"].clone(),
            json_form["id"].clone(),
            json_form["name"].clone()
        ),
        (json!("part"), json!(85), json!("1591BTBU"))
    );
    assert_eq!(json_form["matched_by"], "json");
    let short = app.call("scan_barcode", json!({"data": "INV-SL37"})).await;
    assert_eq!(short["kind"], "stocklocation");
    assert_eq!(short["name"], "Offsite Storage");
    assert_eq!(short["matched_by"], "short");
}

/// A barcode assigned in InvenTree is stored as its MD5 hash (PostgreSQL's md5() here, not
/// ours): the scan finds it through stray whitespace and control characters.
#[tokio::test]
async fn assigned_barcodes_are_found_by_their_hash() {
    let Some(app) = app().await else { return };
    app.db
        .pool
        .execute(
            "UPDATE part_part SET barcode_data = 'ABC-123', barcode_hash = md5('ABC-123') \
             WHERE id = 48",
        )
        .await
        .unwrap();
    let found = app
        .call("scan_barcode", json!({"data": " ABC-123\r\n"}))
        .await;
    assert_eq!(
        (
            found["kind"].clone(),
            found["id"].clone(),
            found["name"].clone()
        ),
        (json!("part"), json!(48), json!("R_220K_0805_1%"))
    );
    assert_eq!(found["matched_by"], "assigned");
    let error = app.call_err("scan_barcode", json!({"data": "C7593"})).await;
    assert!(
        error.starts_with("invalid argument `data`: matches no InvenTree barcode"),
        "{error}"
    );
    let nobody = app.with_token(NO_GROUPS_TOKEN);
    assert_eq!(
        nobody
            .call_err("scan_barcode", json!({"data": "ABC-123"}))
            .await,
        "permission denied: this tool requires part.view (InvenTree role `part`, action `view`)"
    );
}
