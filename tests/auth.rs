//! Every credential InvenTree accepts, and InvenTree's roles on every tool: each test checks
//! callers (user x credential kind) against every tool, each cell an exact expectation.

use crate::common;

use std::collections::BTreeSet;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::fixtures::*;
use common::{Era, TestApp};
use serde_json::{Value, json};

/// Every tool with arguments that succeed for a caller holding its permissions. A permission
/// written `~role.action` does not hide the tool: the call needs it for the object it reaches.
fn tools() -> Vec<(&'static str, Value, &'static [&'static str])> {
    const PART: &[&str] = &["part.view"];
    const CATEGORY: &[&str] = &["part_category.view"];
    const LOCATION: &[&str] = &["stock_location.view"];
    const STOCK: &[&str] = &["stock.view"];
    const PIVOT: &[&str] = &["stock.view", "part_category.view", "stock_location.view"];
    vec![
        ("list_parts", json!({"limit": 1}), PART),
        ("get_part", json!({"part_id": 1}), PART),
        ("search_parts", json!({"query": "resistor"}), PART),
        ("list_categories", json!({}), CATEGORY),
        ("get_category", json!({"category_id": 1}), CATEGORY),
        ("get_category_tree", json!({}), CATEGORY),
        ("list_locations", json!({}), LOCATION),
        ("get_location", json!({"location_id": 1}), LOCATION),
        ("get_location_tree", json!({}), LOCATION),
        ("list_stock_items", json!({"limit": 1}), STOCK),
        ("get_stock_item", json!({"stock_item_id": 1}), STOCK),
        ("list_stock_tracking", json!({"stock_item_id": 1}), STOCK),
        (
            "list_test_results",
            json!({"stock_item_id": 1}),
            &["stock.view", "part.view"],
        ),
        ("list_purchase_orders", json!({}), &["purchase_order.view"]),
        (
            "get_purchase_order",
            json!({"order_id": 1}),
            &["purchase_order.view"],
        ),
        ("list_sales_orders", json!({}), &["sales_order.view"]),
        (
            "get_sales_order",
            json!({"order_id": 1}),
            &["sales_order.view"],
        ),
        ("list_return_orders", json!({}), &["return_order.view"]),
        (
            "get_return_order",
            json!({"order_id": 1}),
            &["return_order.view"],
        ),
        ("list_bom_items", json!({"part_id": 22}), &["bom.view"]),
        (
            "get_bom_for_part",
            json!({"part_id": 24, "levels": 0}),
            &["bom.view", "part.view"],
        ),
        (
            "bom_cost",
            json!({"part_id": 24, "quantity": 2}),
            &["bom.view", "part.view", "purchase_order.view"],
        ),
        ("list_build_orders", json!({}), &["build.view"]),
        ("get_build_order", json!({"build_id": 1}), &["build.view"]),
        // Its builds and sales orders need build.view and sales_order.view; without them
        // the call answers without those sections.
        (
            "where_used",
            json!({"part_id": 22}),
            &["bom.view", "part.view"],
        ),
        ("list_tags", json!({}), PART),
        ("search_tags", json!({"query": "smd"}), PART),
        ("stock_by_category_and_location", json!({}), PIVOT),
        ("stock_pivot", json!({"max_depth": 1}), PIVOT),
        ("list_companies", json!({}), &["purchase_order.view"]),
        (
            "get_company",
            json!({"company_id": 1}),
            &["purchase_order.view", "sales_order.view"],
        ),
        ("list_supplier_parts", json!({}), &["purchase_order.view"]),
        (
            "get_supplier_part",
            json!({"supplier_part_id": 1}),
            &["purchase_order.view"],
        ),
        (
            "find_part_by_code",
            json!({"code": "ACME-R10K-0603"}),
            &["part.view", "stock.view", "stock_location.view"],
        ),
        (
            "get_part_pricing",
            json!({"part_id": 1, "quantity": 10}),
            &["part.view", "purchase_order.view"],
        ),
        (
            "can_build",
            json!({"part_id": 24, "quantity": 2}),
            &["bom.view", "part.view"],
        ),
        (
            "shortages",
            json!({"plan": [{"part_id": 24, "quantity": 2}]}),
            &[
                "part.view",
                "bom.view",
                "build.view",
                "sales_order.view",
                "purchase_order.view",
            ],
        ),
        (
            "low_stock",
            json!({"category_id": 1}),
            &["part.view", "purchase_order.view"],
        ),
        // Writes, as dry runs: they check and compute everything but write nothing.
        (
            "create_part",
            json!({"name": "Dry", "description": "", "category_id": 3, "dry_run": true}),
            &["part.add", "part_category.view"],
        ),
        (
            "update_part",
            json!({"part_id": 3, "name": "Dry", "dry_run": true}),
            &["part.change"],
        ),
        (
            "delete_parts",
            json!({"part_ids": [9], "dry_run": true}),
            &["part.delete"],
        ),
        (
            "adjust_stock",
            json!({"stock_item_id": 1, "quantity": 1, "dry_run": true}),
            &["stock.add"],
        ),
        (
            "transfer_stock",
            json!({"stock_item_id": 1, "location_id": 3, "quantity": 1, "dry_run": true}),
            &["stock.add", "stock_location.view"],
        ),
        (
            "receive_purchase_order",
            json!({"order_id": 1, "lines": [{"line_id": 2, "quantity": 1, "location_id": 4}], "dry_run": true}),
            &["purchase_order.add"],
        ),
        (
            "create_purchase_order",
            json!({"supplier_id": 1, "lines": [{"supplier_part_id": 1, "quantity": 1}], "dry_run": true}),
            &["purchase_order.add"],
        ),
        (
            "count_stock",
            json!({"items": [{"stock_item_id": 1, "quantity": 1}], "dry_run": true}),
            &["stock.add"],
        ),
        (
            "set_stock_status",
            json!({"items": [1], "status": 55, "dry_run": true}),
            &["stock.add"],
        ),
        (
            "create_stock_item",
            json!({"part_id": 1, "quantity": 1, "location_id": 3, "dry_run": true}),
            &["stock.add"],
        ),
        // For any signed-in user; each object reached needs its own view permission.
        ("list_attachments", json!({}), &[]),
        ("list_project_codes", json!({}), &[]),
        (
            "scan_barcode",
            json!({"data": "{\"part\": 1}"}),
            &["~part.view"],
        ),
        ("list_parameter_templates", json!({}), PART),
        ("get_part_parameters", json!({"part_id": 1}), PART),
        (
            "find_parts_by_parameters",
            json!({"filters": [{"template": "Resistance", "op": "eq", "value": "10k"}]}),
            PART,
        ),
    ]
}

fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
}

/// What a caller may do.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// Refused with 401 and this message, before any MCP processing.
    Unauthorized(&'static str),
    /// Authenticated; holds exactly the permissions listed.
    Holds(&'static [&'static str]),
    /// No credential and no anonymous user: holds nothing, and is no user either.
    Nobody,
}

/// What a caller who is no InvenTree user gets from a tool any signed-in user may call.
const NOT_A_USER: &str = "this tool needs an InvenTree user: send a credential (an API token)";

const EVERYTHING: &[&str] = &[
    "stock.add",
    "stock.change",
    "purchase_order.add",
    "part.add",
    "part.change",
    "part.delete",
    "part.view",
    "part_category.view",
    "stock_location.view",
    "stock.view",
    "purchase_order.view",
    "sales_order.view",
    "return_order.view",
    "bom.view",
    "build.view",
];
/// Every view permission, no change: InvenTree's "readers".
const VIEW_ALL: &[&str] = &[
    "part.view",
    "part_category.view",
    "stock_location.view",
    "stock.view",
    "purchase_order.view",
    "sales_order.view",
    "return_order.view",
    "bom.view",
    "build.view",
];
const PARTS_ONLY: &[&str] = &[
    "part.view",
    "part_category.view",
    "bom.view",
    "part.add",
    "part.change",
    "part.delete",
];
const ALL_BUT_LOCATIONS: &[&str] = &[
    "part.view",
    "part_category.view",
    "stock.view",
    "purchase_order.view",
    "sales_order.view",
    "return_order.view",
    "bom.view",
    "build.view",
];
const NOTHING: &[&str] = &[];

/// Checks one caller against every tool: `tools/list` shows exactly the permitted tools,
/// each permitted call answers, each other call is refused naming the permission.
async fn check(app: &TestApp, who: &str, expect: Expect) -> usize {
    let mut cells = 0;
    match expect {
        Expect::Unauthorized(message) => {
            let (status, body) = app.rpc(Era::Stateless, "tools/list", json!({})).await;
            assert_eq!(status, 401, "{who}: {body}");
            assert_eq!(body["error"]["message"], message, "{who}");
            for (tool, args, _) in tools() {
                let (status, body) = app
                    .rpc(
                        Era::Legacy,
                        "tools/call",
                        json!({"name": tool, "arguments": args}),
                    )
                    .await;
                assert_eq!(
                    (status, body["error"]["message"].clone()),
                    (401, json!(message)),
                    "{who} {tool}"
                );
                cells += 1;
            }
        }
        Expect::Holds(_) | Expect::Nobody => {
            let (held, signed_in) = match expect {
                Expect::Holds(held) => (held, true),
                _ => (NOTHING, false),
            };
            let (status, body) = app.rpc(Era::Stateless, "tools/list", json!({})).await;
            assert_eq!(status, 200, "{who}: {body}");
            // Which tools, not their order: tools/list keeps the catalog's order (the golden
            // snapshot checks it), this list keeps reads before writes.
            let listed: BTreeSet<&str> = body["result"]["tools"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["name"].as_str().unwrap())
                .collect();
            let permitted: BTreeSet<&str> = tools()
                .into_iter()
                // Nobody sees any tool; a user, those whose listed permissions it holds.
                .filter(|(_, _, needs)| {
                    signed_in
                        && needs
                            .iter()
                            .filter(|n| !n.starts_with('~'))
                            .all(|n| held.contains(n))
                })
                .map(|(name, _, _)| name)
                .collect();
            assert_eq!(listed, permitted, "{who}: tools/list");
            for (tool, args, needs) in tools() {
                let result = app.call_in(Era::Stateless, tool, args).await;
                let missing = needs
                    .iter()
                    .map(|n| n.trim_start_matches('~'))
                    .find(|n| !held.contains(n));
                let for_users_only = needs.iter().all(|n| n.starts_with('~'));
                if !signed_in && for_users_only {
                    assert_eq!(result["isError"], true, "{who} {tool}");
                    assert_eq!(result["content"][0]["text"], NOT_A_USER, "{who} {tool}");
                } else if let Some(missing) = missing {
                    assert_eq!(result["isError"], true, "{who} {tool}");
                    assert!(
                        result.get("structuredContent").is_none(),
                        "{who} {tool}: data leaked"
                    );
                    let (role, action) = missing.split_once('.').unwrap();
                    assert_eq!(
                        result["content"][0]["text"],
                        format!(
                            "permission denied: this tool requires {missing} (InvenTree role `{role}`, action `{action}`)"
                        ),
                        "{who} {tool}"
                    );
                } else {
                    assert_eq!(result["isError"], false, "{who} {tool}: {result}");
                    assert!(result["structuredContent"].is_object(), "{who} {tool}");
                }
                cells += 1;
            }
        }
    }
    cells
}

/// A caller: a label for messages, the header that carries its credential, the header's
/// value, and what it may do.
type Caller = (&'static str, &'static str, String, Expect);

const AUTH: &str = "Authorization";

const UNSUPPORTED_HEADER: &str = "Unsupported authorization header: use `Token <key>`, `Bearer <key>` or `Basic <base64 of user:password>`.";

/// The server for the callers' tests: sessions are checked against [`SECRET_KEY`].
async fn app() -> TestApp {
    TestApp::start_with(|config| config.secret_key = Some(SECRET_KEY.into())).await
}

/// Gives `user` a stored password `hash`, as Django's other hashers write them.
async fn set_password(app: &TestApp, user: &str, hash: &str) {
    sqlx::query("UPDATE auth_user SET password = $1 WHERE username = $2")
        .bind(hash)
        .bind(user)
        .execute(&app.db.pool)
        .await
        .unwrap();
}

/// Checks each caller in turn against every tool, on the same server.
async fn check_callers(app: TestApp, callers: Vec<Caller>) {
    let mut app = app;
    let mut cells = 0;
    for (who, header, value, expect) in &callers {
        app = app.with_credential(header, value.clone());
        cells += check(&app, who, *expect).await;
    }
    assert_eq!(cells, callers.len() * tools().len());
}

#[tokio::test]
async fn superuser_holds_every_tool() {
    check_callers(
        app().await,
        vec![
            (
                "superuser token",
                AUTH,
                format!("Token {DEMO_TOKEN}"),
                Expect::Holds(EVERYTHING),
            ),
            (
                "superuser basic pbkdf2 (1,000,000 rounds)",
                AUTH,
                basic("demo", "demo"),
                Expect::Holds(EVERYTHING),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn all_access_group_holds_every_tool() {
    let app = app().await;
    // Password `argonpass`, hashed with argon2id.
    set_password(
        &app,
        "allaccess",
        "argon2$argon2id$v=19$m=1024,t=2,p=1$YXJnb25zYWx0MTIzNDU2Nw$B5RAw2bxrxNCJoBtAPovtE1TI4+nIvOsNUhBKMLNQXE",
    )
    .await;
    check_callers(
        app,
        vec![
            (
                "all-access token",
                AUTH,
                format!("Token {ALLACCESS_TOKEN}"),
                Expect::Holds(EVERYTHING),
            ),
            (
                "all-access basic argon2id",
                AUTH,
                basic("allaccess", "argonpass"),
                Expect::Holds(EVERYTHING),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn viewer_sees_and_calls_only_the_view_tools() {
    check_callers(
        app().await,
        vec![
            (
                "view-only token",
                AUTH,
                format!("Token {VIEWER_TOKEN}"),
                Expect::Holds(VIEW_ALL),
            ),
            (
                "view-only bearer",
                AUTH,
                format!("Bearer {VIEWER_TOKEN}"),
                Expect::Holds(VIEW_ALL),
            ),
            (
                "view-only session",
                "Cookie",
                format!("sessionid={VIEWER_SESSION}"),
                Expect::Holds(VIEW_ALL),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn parts_only_group_sees_and_calls_only_the_part_tools() {
    check_callers(
        app().await,
        vec![
            (
                "parts-only token",
                AUTH,
                format!("Token {ENGINEER_TOKEN}"),
                Expect::Holds(PARTS_ONLY),
            ),
            (
                "parts-only basic pbkdf2",
                AUTH,
                basic("engineer", "partsonly"),
                Expect::Holds(PARTS_ONLY),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn user_without_groups_sees_no_tool_and_is_denied_naming_the_permission() {
    let app = app().await;
    // Password `sha1pass`, hashed with pbkdf2_sha1.
    set_password(
        &app,
        "nogroups",
        "pbkdf2_sha1$1000$sha1salt$P7GKCSSzfLIqxxC2LlWdZ8cFkkk=",
    )
    .await;
    check_callers(
        app,
        vec![
            (
                "no-groups token",
                AUTH,
                format!("Token {NOGROUPS_TOKEN}"),
                Expect::Holds(NOTHING),
            ),
            (
                "no-groups basic pbkdf2_sha1",
                AUTH,
                basic("nogroups", "sha1pass"),
                Expect::Holds(NOTHING),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn inactive_users_get_401_even_with_the_right_password() {
    let app = app().await;
    // Password `argonipass`, hashed with argon2i.
    set_password(
        &app,
        "inactive",
        "argon2$argon2i$v=19$m=1024,t=2,p=1$YXJnb25zYWx0MTIzNDU2Nw$rAcH5kzoGsewd5+CGu1gbgUzKENfZql8+01DzAIk3vQ",
    )
    .await;
    check_callers(
        app,
        vec![
            (
                "inactive token",
                AUTH,
                format!("Token {INACTIVE_TOKEN}"),
                Expect::Unauthorized("User inactive or deleted."),
            ),
            (
                "inactive basic argon2i",
                AUTH,
                basic("inactive", "argonipass"),
                Expect::Unauthorized("Invalid username/password."),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn revoked_and_expired_tokens_get_401() {
    let app = app().await;
    sqlx::query(
        "INSERT INTO users_apitoken (created, key, name, expiry, revoked, user_id) VALUES
         (now(), 'inv-revoked000000000000000000000000000000000000-20260101', 'r', '2099-01-01', true, 3),
         (now(), 'inv-expired000000000000000000000000000000000000-20250101', 'e', CURRENT_DATE - 1, false, 3)",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    check_callers(
        app,
        vec![
            (
                "revoked token",
                AUTH,
                "Token inv-revoked000000000000000000000000000000000000-20260101".into(),
                Expect::Unauthorized("Token has been revoked."),
            ),
            (
                "expired token",
                AUTH,
                "Token inv-expired000000000000000000000000000000000000-20250101".into(),
                Expect::Unauthorized("Token has expired."),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn unknown_tokens_and_sessions_get_401() {
    check_callers(
        app().await,
        vec![
            (
                "unknown token",
                AUTH,
                "Token inv-nope".into(),
                Expect::Unauthorized("Invalid token."),
            ),
            (
                "oversized token",
                AUTH,
                format!("Token {}", "x".repeat(5000)),
                Expect::Unauthorized("Invalid token."),
            ),
            (
                "unknown session",
                "Cookie",
                "sessionid=abc".into(),
                Expect::Unauthorized("Invalid or expired session."),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn wrong_passwords_and_unknown_users_get_401() {
    check_callers(
        app().await,
        vec![
            (
                "wrong password",
                AUTH,
                basic("engineer", "partsonlY"),
                Expect::Unauthorized("Invalid username/password."),
            ),
            (
                "unknown user",
                AUTH,
                basic("mallory", "x"),
                Expect::Unauthorized("Invalid username/password."),
            ),
            (
                "empty password",
                AUTH,
                basic("engineer", ""),
                Expect::Unauthorized("Invalid username/password."),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn malformed_or_missing_credentials_get_401() {
    check_callers(
        app().await,
        vec![
            (
                "bad base64",
                AUTH,
                "Basic !!!notbase64".into(),
                Expect::Unauthorized(UNSUPPORTED_HEADER),
            ),
            (
                "basic without colon",
                AUTH,
                format!("Basic {}", STANDARD.encode("engineer")),
                Expect::Unauthorized(UNSUPPORTED_HEADER),
            ),
            (
                "no credential",
                "X-None",
                String::new(),
                Expect::Unauthorized("Authentication credentials were not provided."),
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn anonymous_callers_get_the_anonymous_users_roles() {
    let app = TestApp::start_with(|config| {
        config.require_auth = false;
        config.anonymous_user = Some("engineer".into());
    })
    .await
    .without_credential();
    check(&app, "anonymous as engineer", Expect::Holds(PARTS_ONLY)).await;
    let app = TestApp::start_with(|config| config.require_auth = false)
        .await
        .without_credential();
    check(&app, "anonymous, no anonymous_user", Expect::Nobody).await;
    let app = TestApp::start_with(|config| {
        config.require_auth = false;
        config.anonymous_user = Some("inactive".into());
    })
    .await
    .without_credential();
    check(&app, "anonymous as an inactive user", Expect::Nobody).await;
}

#[tokio::test]
async fn hidden_tools_refuse_even_bad_arguments() {
    let app = TestApp::start().await.with_token(ENGINEER_TOKEN);
    // The refusal comes first: a caller without the role learns nothing from its arguments.
    assert_eq!(
        app.call_err("get_location", json!({"location_id": "not a number"}))
            .await,
        "permission denied: this tool requires stock_location.view (InvenTree role `stock_location`, action `view`)"
    );
}

#[tokio::test]
async fn sessions_follow_django() {
    // Without SECRET_KEY, the session is taken from the table alone.
    let app = TestApp::start_with(|config| config.auth_cache_ttl_ms = 0)
        .await
        .with_credential("Cookie", format!("sessionid={VIEWER_SESSION}"));
    check(&app, "session without secret", Expect::Holds(VIEW_ALL)).await;
    // A custom cookie name.
    let renamed =
        TestApp::start_with(|config| config.session_cookie_name = "inventree_session".into())
            .await
            .with_credential(
                "Cookie",
                format!("theme=dark; inventree_session={VIEWER_SESSION}"),
            );
    check(&renamed, "renamed cookie", Expect::Holds(VIEW_ALL)).await;

    let app = TestApp::start_with(|config| {
        config.secret_key = Some(SECRET_KEY.into());
        config.auth_cache_ttl_ms = 0;
    })
    .await
    .with_credential("Cookie", format!("sessionid={VIEWER_SESSION}"));
    check(&app, "session", Expect::Holds(VIEW_ALL)).await;
    // A password change logs the session out, as in Django.
    sqlx::query(
        "UPDATE auth_user SET password = 'pbkdf2_sha256$1000$new$aGk=' WHERE username = 'viewer'",
    )
    .execute(&app.db.pool)
    .await
    .unwrap();
    check(
        &app,
        "session after password change",
        Expect::Unauthorized("Invalid or expired session."),
    )
    .await;
    // Data signed with another key is refused.
    let wrong_key = TestApp::start_with(|config| config.secret_key = Some("another key".into()))
        .await
        .with_credential("Cookie", format!("sessionid={VIEWER_SESSION}"));
    check(
        &wrong_key,
        "session, wrong key",
        Expect::Unauthorized("Invalid or expired session."),
    )
    .await;
    // An expired session is refused.
    sqlx::query("UPDATE django_session SET expire_date = now() - interval '1 second'")
        .execute(&wrong_key.db.pool)
        .await
        .unwrap();
    let expired = wrong_key.with_credential("Cookie", format!("sessionid={VIEWER_SESSION}"));
    check(
        &expired,
        "expired session",
        Expect::Unauthorized("Invalid or expired session."),
    )
    .await;
}

#[tokio::test]
async fn verdicts_are_cached_for_the_configured_time() {
    // With the default cache a revoked token keeps working for up to auth_cache_ttl_ms.
    let cached = TestApp::start().await.with_token(ENGINEER_TOKEN);
    check(&cached, "before revoking", Expect::Holds(PARTS_ONLY)).await;
    sqlx::query("UPDATE users_apitoken SET revoked = true WHERE user_id = 3")
        .execute(&cached.db.pool)
        .await
        .unwrap();
    check(&cached, "revoked, still cached", Expect::Holds(PARTS_ONLY)).await;
    // Without the cache it stops at once; so does a password change for Basic.
    let live = TestApp::start_with(|config| {
        config.auth_cache_ttl_ms = 0;
        // Every refused call counts as a failed login; stay below the throttle.
        config.login_failure_limit = 1000;
    })
    .await
    .with_token(ENGINEER_TOKEN);
    check(&live, "before revoking", Expect::Holds(PARTS_ONLY)).await;
    sqlx::query("UPDATE users_apitoken SET revoked = true WHERE user_id = 3")
        .execute(&live.db.pool)
        .await
        .unwrap();
    check(
        &live,
        "revoked",
        Expect::Unauthorized("Token has been revoked."),
    )
    .await;
    let live = live.with_credential("Authorization", basic("engineer", "partsonly"));
    check(&live, "basic", Expect::Holds(PARTS_ONLY)).await;
    sqlx::query(
        "UPDATE auth_user SET password = 'pbkdf2_sha256$1000$new$aGk=' WHERE username = 'engineer'",
    )
    .execute(&live.db.pool)
    .await
    .unwrap();
    check(
        &live,
        "basic after password change",
        Expect::Unauthorized("Invalid username/password."),
    )
    .await;
    // Group changes take effect as soon as the verdict is recomputed.
    let live = live.with_token(VIEWER_TOKEN);
    sqlx::query(
        "UPDATE users_ruleset SET can_view = false WHERE group_id = 1 AND name = 'stock_location'",
    )
    .execute(&live.db.pool)
    .await
    .unwrap();
    check(
        &live,
        "viewer without stock_location",
        Expect::Holds(ALL_BUT_LOCATIONS),
    )
    .await;
}

#[tokio::test]
async fn repeated_login_failures_are_blocked() {
    let app = TestApp::start_with(|config| {
        config.login_failure_limit = 2;
        config.auth_cache_ttl_ms = 0;
    })
    .await;
    let attempt = |user: &'static str, password: &'static str| {
        let request = app
            .http
            .post(format!("{}/mcp", app.base))
            .header("Authorization", basic(user, password))
            .header("Accept", "application/json, text/event-stream")
            .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}));
        async move {
            let response = request.send().await.unwrap();
            (
                response.status().as_u16(),
                response.headers().get("retry-after").cloned(),
            )
        }
    };
    assert_eq!(attempt("engineer", "wrong").await.0, 401);
    assert_eq!(attempt("engineer", "wrong2").await.0, 401);
    // Blocked now, even with the right password: no hash is computed while blocked.
    let (status, retry) = attempt("engineer", "partsonly").await;
    assert_eq!(status, 429);
    assert_eq!(retry.unwrap(), "60");
    // Other users are not blocked by it; tokens are not affected.
    assert_eq!(attempt("demo", "demo").await.0, 200);
    check(
        &app.with_token(ENGINEER_TOKEN),
        "token while basic is blocked",
        Expect::Holds(PARTS_ONLY),
    )
    .await;
}

#[tokio::test]
async fn unsupported_hashers_are_named() {
    let app = TestApp::start().await;
    sqlx::query("UPDATE auth_user SET password = 'bcrypt_sha256$$2b$12$abcdefghijklmnopqrstuv' WHERE username = 'engineer'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let app = app.with_credential("Authorization", basic("engineer", "partsonly"));
    check(
        &app,
        "bcrypt",
        Expect::Unauthorized(
            "The password cannot be checked: password hasher `bcrypt_sha256` is not supported (supported: pbkdf2_sha256, pbkdf2_sha1, argon2).",
        ),
    )
    .await;
    sqlx::query("UPDATE auth_user SET password = '!unusable' WHERE username = 'nogroups'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let app = app.with_credential("Authorization", basic("nogroups", "!unusable"));
    check(
        &app,
        "unusable password",
        Expect::Unauthorized("Invalid username/password."),
    )
    .await;
}

#[tokio::test]
async fn oversized_headers_are_client_errors() {
    let app = TestApp::start().await;
    for value in [
        format!("Token {}", "x".repeat(200_000)),
        format!("Basic {}", STANDARD.encode("u:".repeat(50_000))),
    ] {
        let response = app
            .http
            .post(format!("{}/mcp", app.base))
            .header("Authorization", value)
            .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}))
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert!((400..500).contains(&status), "{status}");
    }
    // The server is still fine.
    check(&app, "after oversized headers", Expect::Holds(EVERYTHING)).await;
}

#[tokio::test]
async fn nul_characters_in_credentials_are_refusals_not_errors() {
    let app = TestApp::start().await;
    let basic_nul = app.with_credential("Authorization", basic("engi\u{0}neer", "partsonly"));
    check(
        &basic_nul,
        "basic with NUL",
        Expect::Unauthorized("Invalid username/password."),
    )
    .await;
}
