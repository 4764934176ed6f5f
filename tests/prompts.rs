//! MCP prompts: listed by the caller's roles, filled with validated arguments.

use crate::common;

use common::fixtures::*;
use common::{Era, TestApp};
use serde_json::{Value, json};

fn names(body: &Value) -> Vec<String> {
    body["result"]["prompts"]
        .as_array()
        .unwrap_or_else(|| panic!("no prompts: {body}"))
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn prompts_are_listed_by_the_tools_the_caller_may_use() {
    let app = TestApp::start().await;
    let viewer = TestApp::serve(common::TestDb::new().await, |_| {})
        .await
        .with_token(VIEWER_TOKEN);
    for era in [Era::Legacy, Era::Stateless] {
        let (status, body) = viewer.rpc(era, "prompts/list", json!({})).await;
        assert_eq!(status, 200);
        assert_eq!(
            names(&body),
            [
                "explore_inventory",
                "stock_levels",
                "build_readiness",
                "orders_and_builds",
                "cleanup"
            ]
        );
    }
    let (_, body) = viewer.rpc(Era::Stateless, "prompts/list", json!({})).await;
    assert_eq!(body["result"]["cacheScope"], "private");
    let build = &body["result"]["prompts"][2];
    assert_eq!(build["title"], "Can we build it?");
    assert_eq!(
        build["arguments"],
        json!([
            {"name": "part_id", "description": "The assembly", "required": true},
            {"name": "quantity", "description": "Units to build (default 1)", "required": false}
        ])
    );
    // Parts, categories and BOMs only: no stock, location or order prompt.
    let engineer = app.with_token(ENGINEER_TOKEN);
    let (_, body) = engineer
        .rpc(Era::Stateless, "prompts/list", json!({}))
        .await;
    assert_eq!(names(&body), ["build_readiness", "cleanup"]);
    // A prompt the caller may not use does not exist for it.
    let (_, body) = engineer
        .rpc(
            Era::Stateless,
            "prompts/get",
            json!({"name": "stock_levels"}),
        )
        .await;
    assert_eq!(body["error"]["code"], -32602);
    assert_eq!(body["error"]["message"], "prompt not found: stock_levels");
    let nobody = engineer.with_token(NOGROUPS_TOKEN);
    let (_, body) = nobody.rpc(Era::Stateless, "prompts/list", json!({})).await;
    assert_eq!(names(&body), Vec::<String>::new());
}

#[tokio::test]
async fn prompts_fill_in_their_arguments_and_refuse_bad_ones() {
    let app = TestApp::start().await;
    let get = |name: &'static str, arguments: Value| {
        let app = &app;
        async move {
            app.rpc(
                Era::Stateless,
                "prompts/get",
                json!({"name": name, "arguments": arguments}),
            )
            .await
            .1
        }
    };
    let body = get(
        "build_readiness",
        json!({"part_id": "22", "quantity": "25"}),
    )
    .await;
    let message = &body["result"]["messages"][0];
    assert_eq!(message["role"], "user");
    let text = message["content"]["text"].as_str().unwrap();
    assert!(
        text.starts_with(
            "Can we build 25 of part 22? Call get_bom_for_part with part_id 22, quantity 25 and levels 0"
        ),
        "{text}"
    );
    let body = get("stock_levels", json!({"location_id": "2"})).await;
    let text = body["result"]["messages"][0]["content"]["text"]
        .as_str()
        .unwrap();
    assert!(
        text.starts_with("Report the stock of location 2 and its sublocations"),
        "{text}"
    );
    for (arguments, message) in [
        (json!({}), "missing argument `part_id`"),
        (
            json!({"part_id": "abc"}),
            "argument `part_id` must be a positive whole number, got \"abc\"",
        ),
        (
            json!({"part_id": "22", "quantity": "-1"}),
            "argument `quantity` must be a positive whole number, got \"-1\"",
        ),
        (
            json!({"part_id": "22", "colour": "red"}),
            "unknown argument `colour` for prompt build_readiness",
        ),
    ] {
        let body = get("build_readiness", arguments).await;
        assert_eq!(body["error"]["code"], -32602, "{body}");
        assert_eq!(body["error"]["message"], message);
    }
    let body = get("no_such_prompt", json!({})).await;
    assert_eq!(body["error"]["message"], "prompt not found: no_such_prompt");
}
