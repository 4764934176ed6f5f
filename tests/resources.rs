//! MCP resources: trees and rows by id, behind the same permissions as the tools.

use crate::common;

use common::fixtures::*;
use common::{Era, TestApp};
use serde_json::{Value, json};

fn uris(body: &Value, list: &str, field: &str) -> Vec<String> {
    body["result"][list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list}: {body}"))
        .iter()
        .map(|r| r[field].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn resources_are_listed_by_permission() {
    let app = TestApp::start().await.with_token(VIEWER_TOKEN);
    let (_, body) = app.rpc(Era::Stateless, "resources/list", json!({})).await;
    assert_eq!(
        uris(&body, "resources", "uri"),
        ["inventree://categories", "inventree://locations"]
    );
    assert_eq!(body["result"]["cacheScope"], "private");
    assert_eq!(
        body["result"]["resources"][0]["mimeType"],
        "application/json"
    );
    let (_, body) = app
        .rpc(Era::Legacy, "resources/templates/list", json!({}))
        .await;
    assert_eq!(
        uris(&body, "resourceTemplates", "uriTemplate"),
        [
            "inventree://part/{id}",
            "inventree://stock-item/{id}",
            "inventree://category/{id}",
            "inventree://location/{id}",
            "inventree://bom/{id}"
        ]
    );
    // Parts, categories and BOMs only.
    let engineer = app.with_token(ENGINEER_TOKEN);
    let (_, body) = engineer
        .rpc(Era::Stateless, "resources/list", json!({}))
        .await;
    assert_eq!(uris(&body, "resources", "uri"), ["inventree://categories"]);
    let (_, body) = engineer
        .rpc(Era::Stateless, "resources/templates/list", json!({}))
        .await;
    assert_eq!(
        uris(&body, "resourceTemplates", "uriTemplate"),
        [
            "inventree://part/{id}",
            "inventree://category/{id}",
            "inventree://bom/{id}"
        ]
    );
}

#[tokio::test]
async fn a_resource_reads_as_its_tool_answers() {
    let app = TestApp::start().await;
    let read = |uri: &'static str| {
        let app = &app;
        async move {
            app.rpc(Era::Stateless, "resources/read", json!({"uri": uri}))
                .await
                .1
        }
    };
    let body = read("inventree://part/1").await;
    let contents = &body["result"]["contents"][0];
    assert_eq!(contents["uri"], "inventree://part/1");
    assert_eq!(contents["mimeType"], "application/json");
    let part: Value = serde_json::from_str(contents["text"].as_str().unwrap()).unwrap();
    assert_eq!(part, app.call("get_part", json!({"part_id": 1})).await);
    assert_eq!(body["result"]["cacheScope"], "private");

    let body = read("inventree://bom/22").await;
    let bom: Value =
        serde_json::from_str(body["result"]["contents"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(
        bom,
        app.call("get_bom_for_part", json!({"part_id": 22, "levels": 0}))
            .await
    );

    for (uri, message) in [
        ("inventree://part/99999", "part 99999 does not exist"),
        (
            "inventree://part/abc",
            "resource not found: inventree://part/abc (the id must be a positive integer)",
        ),
        (
            "inventree://nothing/1",
            "resource not found: inventree://nothing/1",
        ),
        (
            "file:///etc/passwd",
            "resource not found: file:///etc/passwd",
        ),
    ] {
        let body = read(uri).await;
        assert_eq!(body["error"]["code"], -32602, "{body}");
        assert_eq!(body["error"]["message"], message);
        assert_eq!(body["error"]["data"]["uri"], uri);
    }
    // Without the permission, the refusal names it and gives no data.
    let engineer = app.with_token(ENGINEER_TOKEN);
    let (_, body) = engineer
        .rpc(
            Era::Stateless,
            "resources/read",
            json!({"uri": "inventree://stock-item/1"}),
        )
        .await;
    assert_eq!(body["error"]["code"], -32602);
    assert_eq!(
        body["error"]["message"],
        "permission denied: this tool requires stock.view (InvenTree role `stock`, action `view`)"
    );
}
