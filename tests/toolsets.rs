//! `toolsets` and `exclude_tools`: a deployment offers some tools only; what it leaves out is
//! not listed, not callable, and the prompts and resources relying on it go with it.

use crate::common;

use common::{Era, TestApp, TestDb};
use inventree_mcp::config::Config;
use inventree_mcp::state::AppState;
use serde_json::{Value, json};

fn names(body: &Value, list: &str, key: &str) -> Vec<String> {
    body["result"][list]
        .as_array()
        .unwrap_or_else(|| panic!("no {list}: {body}"))
        .iter()
        .map(|item| item[key].as_str().unwrap().to_string())
        .collect()
}

async fn tool_names(app: &TestApp) -> Vec<String> {
    let (_, body) = app.rpc(Era::Stateless, "tools/list", json!({})).await;
    names(&body, "tools", "name")
}

#[tokio::test]
async fn one_toolset_offers_only_its_tools_and_what_relies_on_them() {
    let app = TestApp::start_with(|config| config.toolsets = vec!["parts".into()]).await;
    assert_eq!(
        tool_names(&app).await,
        [
            "list_parts",
            "get_part",
            "search_parts",
            "list_parameter_templates",
            "get_part_parameters",
            "find_parts_by_parameters",
            "list_categories",
            "get_category",
            "get_category_tree",
            "list_tags",
            "search_tags",
            "create_part",
            "update_part",
        ]
    );
    // Every prompt relies on a tool of another toolset.
    let (_, body) = app.rpc(Era::Stateless, "prompts/list", json!({})).await;
    assert_eq!(names(&body, "prompts", "name"), Vec::<String>::new());
    let (_, body) = app.rpc(Era::Stateless, "resources/list", json!({})).await;
    assert_eq!(names(&body, "resources", "name"), ["category_tree"]);
    let (_, body) = app
        .rpc(Era::Stateless, "resources/templates/list", json!({}))
        .await;
    assert_eq!(
        names(&body, "resourceTemplates", "name"),
        ["part", "category"]
    );
    // A tool not offered is no tool at all, even for a superuser.
    let (status, body) = app
        .rpc(
            Era::Stateless,
            "tools/call",
            json!({"name": "list_stock_items", "arguments": {}}),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["error"]["code"], -32602, "{body}");
    assert_eq!(body["error"]["message"], "tool not found: list_stock_items");
    let part = app.call("get_part", json!({"part_id": 1})).await;
    assert_eq!(part["id"], 1);
}

/// The tools of toolset `admin`.
const ADMIN: &[&str] = &[
    "delete_parts",
    "list_attachments",
    "list_project_codes",
    "scan_barcode",
];

#[tokio::test]
async fn the_default_toolsets_leave_out_admin() {
    let all = tool_names(&TestApp::start().await).await;
    let app = TestApp::start_with(|config| config.toolsets = vec!["default".into()]).await;
    let expected: Vec<String> = all
        .iter()
        .filter(|name| !ADMIN.contains(&name.as_str()))
        .cloned()
        .collect();
    assert_eq!(tool_names(&app).await, expected);
    assert_eq!(expected.len(), all.len() - ADMIN.len());
}

#[tokio::test]
async fn excluded_tools_are_gone_with_the_prompts_using_them() {
    let all = tool_names(&TestApp::start().await).await;
    let app = TestApp::start_with(|config| {
        config.exclude_tools = vec!["stock_pivot".into(), "delete_parts".into()]
    })
    .await;
    let expected: Vec<String> = all
        .iter()
        .filter(|name| !["stock_pivot", "delete_parts"].contains(&name.as_str()))
        .cloned()
        .collect();
    assert_eq!(tool_names(&app).await, expected);
    assert_eq!(expected.len(), all.len() - 2);
    let (_, body) = app.rpc(Era::Stateless, "prompts/list", json!({})).await;
    assert_eq!(
        names(&body, "prompts", "name"),
        [
            "explore_inventory",
            "build_readiness",
            "orders_and_builds",
            "cleanup"
        ]
    );
}

#[tokio::test]
async fn unknown_names_stop_the_server_from_starting() {
    let db = TestDb::new().await;
    let start = |configure: fn(&mut Config)| {
        let mut config = Config {
            database_url: db.url.clone(),
            ..Config::default()
        };
        configure(&mut config);
        let pool = inventree_mcp::db::read_pool(&config).unwrap();
        AppState::new(config, pool).err().map(|e| e.to_string())
    };
    let error = start(|c| c.exclude_tools = vec!["stock_pivto".into()]).unwrap();
    assert!(
        error.starts_with(
            "exclude_tools names `stock_pivto`, which is no tool; tools: adjust_stock, bom_cost,"
        ),
        "{error}"
    );
    assert_eq!(
        start(|c| c.toolsets = vec!["stock".into(), "purchasing".into()]).unwrap(),
        "`toolsets` names `purchasing`; use all, default or some of parts, stock, orders, \
         build, sourcing, planning, admin"
    );
}
