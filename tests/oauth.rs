//! The server as an OAuth protected resource of InvenTree: the metadata, the challenges, and
//! access tokens as django-oauth-toolkit stores them (rows written here as the toolkit writes
//! them), in both protocol eras. The cases are those of oauth.md §5, "Failure cases a test
//! must cover".

use crate::common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use common::fixtures::*;
use common::{Era, TestApp};
use serde_json::{Value, json};

const PUBLIC_URL: &str = "https://mcp.example.com/mcp";
const ISSUER: &str = "https://inventree.example.com/o";
const METADATA_URL: &str = "https://mcp.example.com/.well-known/oauth-protected-resource/mcp";
const DEFAULT_SCOPES: &str = "g:read r:view:part_category r:view:part r:view:stock_location \
r:view:stock r:view:build r:view:purchase_order r:view:sales_order r:view:return_order";

/// The application registered in InvenTree for Claude, allowed here.
const CLAUDE: i64 = 1;
const CLAUDE_CLIENT_ID: &str = "Cl4udeCl1entId0000000000000000000000000";
/// InvenTree's default public application for its Python client: not allowed here.
const PYTHON_APP: i64 = 2;

const DEMO_USER: i32 = 1;
const VIEWER: i32 = 2;
/// Member of `parts only`: part, part_category and bom, no stock.
const ENGINEER: i32 = 3;
/// Inactive, member of `readers`.
const INACTIVE: i32 = 6;

const TOKEN_CHALLENGE: &str = r#"Token realm="inventree-mcp""#;
const BASIC_CHALLENGE: &str = r#"Basic realm="inventree-mcp", charset="UTF-8""#;

fn missing_challenge() -> String {
    format!(r#"Bearer resource_metadata="{METADATA_URL}", scope="{DEFAULT_SCOPES}""#)
}

fn invalid_token_challenge() -> String {
    format!(
        r#"Bearer error="invalid_token", error_description="The access token is invalid, expired or revoked.", resource_metadata="{METADATA_URL}""#
    )
}

fn insufficient_scope_challenge(scope: &str) -> String {
    format!(
        r#"Bearer error="insufficient_scope", scope="{scope}", resource_metadata="{METADATA_URL}", error_description="The access token's scopes do not allow this tool.""#
    )
}

/// The same refusal for every kind of bad bearer token.
fn invalid_token_body() -> Value {
    json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32001, "message": "Invalid token."}})
}

/// The server with OAuth on (Claude's application allowed), every credential checked on
/// every request, and InvenTree's two applications as the toolkit stores them.
async fn oauth_app(configure: impl FnOnce(&mut inventree_mcp::config::Config)) -> TestApp {
    let app = TestApp::start_with(|config| {
        config.public_url = Some(PUBLIC_URL.into());
        config.oauth_issuer = Some(ISSUER.into());
        config.oauth_client_ids = vec![CLAUDE_CLIENT_ID.into()];
        config.auth_cache_ttl_ms = 0;
        configure(config);
    })
    .await;
    // As /o/applications/register/ saves them: the secret hashed (hash_client_secret), no
    // algorithm, Claude's two callbacks.
    sqlx::query(
        "INSERT INTO oauth2_provider_application (id, client_id, redirect_uris, client_type,
             authorization_grant_type, client_secret, name, user_id, skip_authorization,
             created, updated, algorithm, post_logout_redirect_uris, hash_client_secret,
             allowed_origins)
         VALUES ($1, $2, 'https://claude.ai/api/mcp/auth_callback https://claude.com/api/mcp/auth_callback',
                 'confidential', 'authorization-code',
                 'pbkdf2_sha256$1000000$claudesalt0000000000$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
                 'Claude', 1, false, now(), now(), '', '', true, ''),
                ($3, 'zDFnsiRheJIOKNx6aCQ0quBxECg1QBHtVFDPloJ6', 'http://localhost/callback',
                 'public', 'authorization-code', '', 'InvenTree Python client', NULL, false,
                 now(), now(), '', '', true, '')",
    )
    .bind(CLAUDE)
    .bind(CLAUDE_CLIENT_ID)
    .bind(PYTHON_APP)
    .execute(&app.db.pool)
    .await
    .unwrap();
    app.without_credential()
}

/// Stores an access token as the toolkit does (its checksum the SHA-256 hex of the token,
/// computed here by PostgreSQL) and returns it. `expires` is SQL.
async fn issue(
    app: &TestApp,
    token: &str,
    application: i64,
    user: Option<i32>,
    scope: &str,
    expires: &str,
) -> String {
    let sql = format!(
        "INSERT INTO oauth2_provider_accesstoken (token, token_checksum, expires, scope,
             application_id, user_id, created, updated)
         VALUES ($1, encode(sha256(convert_to($1, 'UTF8')), 'hex'), {expires}, $2, $3, $4,
                 now(), now())"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(token)
        .bind(scope)
        .bind(application)
        .bind(user)
        .execute(&app.db.pool)
        .await
        .unwrap();
    token.to_string()
}

/// A live token of Claude's application for `user` with `scope`.
async fn live(app: &TestApp, token: &str, user: i32, scope: &str) -> String {
    issue(
        app,
        token,
        CLAUDE,
        Some(user),
        scope,
        "now() + interval '1 hour'",
    )
    .await
}

/// What came back: status, every `WWW-Authenticate` value in order, `Access-Control-Allow-Origin`,
/// and the body.
#[derive(Debug)]
struct Answer {
    status: u16,
    challenges: Vec<String>,
    body: Value,
    text: String,
}

/// One JSON-RPC request as a client of `era` sends it, with `authorization` as given.
async fn send(
    app: &TestApp,
    era: Era,
    authorization: Option<&[u8]>,
    method: &str,
    params: Value,
) -> Answer {
    send_at(app, "/mcp", era, authorization, method, params).await
}

async fn send_at(
    app: &TestApp,
    path: &str,
    era: Era,
    authorization: Option<&[u8]>,
    method: &str,
    params: Value,
) -> Answer {
    let header = authorization.map(|value| ("Authorization", value));
    send_with(app, path, era, header, method, params).await
}

/// One JSON-RPC request with the credential in `header` (name, value).
async fn send_with(
    app: &TestApp,
    path: &str,
    era: Era,
    header: Option<(&str, &[u8])>,
    method: &str,
    params: Value,
) -> Answer {
    let mut request = app
        .http
        .post(format!("{}{path}", app.base))
        .header("Accept", "application/json, text/event-stream");
    if let Some((name, value)) = header {
        request = request.header(
            name,
            reqwest::header::HeaderValue::from_bytes(value).unwrap(),
        );
    }
    answer(
        common::era_request(request, era, method, params)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn answer(response: reqwest::Response) -> Answer {
    let status = response.status().as_u16();
    let challenges = response
        .headers()
        .get_all("www-authenticate")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Answer {
        status,
        challenges,
        body,
        text,
    }
}

fn bearer(token: &str) -> Vec<u8> {
    format!("Bearer {token}").into_bytes()
}

const ERAS: [Era; 2] = [Era::Legacy, Era::Stateless];

async fn tool_names(app: &TestApp, era: Era, authorization: &[u8]) -> Vec<String> {
    let answer = send(app, era, Some(authorization), "tools/list", json!({})).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    answer.body["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect()
}

async fn call(app: &TestApp, era: Era, authorization: &[u8], tool: &str, args: Value) -> Answer {
    send(
        app,
        era,
        Some(authorization),
        "tools/call",
        json!({"name": tool, "arguments": args}),
    )
    .await
}

/// Asserts the one refusal every bad bearer token gets, and that it does not echo the token.
fn assert_invalid_token(answer: &Answer, token: &str, case: &str) {
    assert_eq!(answer.status, 401, "{case}: {}", answer.text);
    assert_eq!(
        answer.challenges,
        [
            invalid_token_challenge(),
            TOKEN_CHALLENGE.into(),
            BASIC_CHALLENGE.into()
        ],
        "{case}"
    );
    assert_eq!(answer.body, invalid_token_body(), "{case}");
    if !token.is_empty() {
        assert!(
            !answer.text.contains(token),
            "{case}: the body echoes the token"
        );
    }
}

#[tokio::test]
async fn metadata_is_served_at_both_paths_without_credentials() {
    let app = oauth_app(|_| {}).await;
    let expected = json!({
        "resource": PUBLIC_URL,
        "authorization_servers": [ISSUER],
        "scopes_supported": DEFAULT_SCOPES.split(' ').collect::<Vec<_>>(),
        "bearer_methods_supported": ["header"],
        "resource_name": "InvenTree MCP",
    });
    for path in [
        "/.well-known/oauth-protected-resource/mcp",
        "/.well-known/oauth-protected-resource",
    ] {
        // From a web page on another site, under the public host name: still served.
        let response = app
            .http
            .get(format!("{}{path}", app.base))
            .header("Origin", "https://claude.ai")
            .header("Host", "mcp.example.com")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["access-control-allow-origin"], "*");
        assert_eq!(response.headers()["content-type"], "application/json");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body, expected, "{path}");
        assert_eq!(body["authorization_servers"][0], ISSUER);

        let preflight = app
            .http
            .request(reqwest::Method::OPTIONS, format!("{}{path}", app.base))
            .header("Origin", "http://localhost:6274")
            .header("Access-Control-Request-Method", "GET")
            .header("Access-Control-Request-Headers", "mcp-protocol-version")
            .send()
            .await
            .unwrap();
        assert_eq!(preflight.status(), 204);
        assert_eq!(preflight.headers()["access-control-allow-origin"], "*");
        assert_eq!(
            preflight.headers()["access-control-allow-headers"],
            "mcp-protocol-version"
        );
    }
}

#[tokio::test]
async fn without_an_issuer_nothing_changes() {
    let app = TestApp::start().await.without_credential();
    let response = app
        .http
        .get(format!("{}/.well-known/oauth-protected-resource", app.base))
        .send()
        .await
        .unwrap();
    // No metadata: the path is unknown (404, as RFC 9728 clients expect when a resource
    // has none), with or without a credential.
    let metadata = answer(response).await;
    assert_eq!(metadata.status, 404);
    assert!(metadata.challenges.is_empty());
    let answer = send(&app, Era::Stateless, None, "tools/list", json!({})).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.challenges, [TOKEN_CHALLENGE, BASIC_CHALLENGE]);
    // A bearer API token works as it always did.
    let answer = send(
        &app,
        Era::Stateless,
        Some(&bearer(VIEWER_TOKEN)),
        "tools/list",
        json!({}),
    )
    .await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn no_credential_gets_the_bearer_challenge_in_both_eras_and_every_method() {
    let app = oauth_app(|_| {}).await;
    for era in ERAS {
        for path in ["/mcp", "/plugin/inventree-mcp/mcp"] {
            let answer = send_at(&app, path, era, None, "tools/list", json!({})).await;
            assert_eq!(answer.status, 401, "{era:?} {path}");
            assert_eq!(
                answer.challenges,
                [
                    missing_challenge(),
                    TOKEN_CHALLENGE.into(),
                    BASIC_CHALLENGE.into()
                ]
            );
            assert_eq!(
                answer.body["error"]["message"],
                "Authentication credentials were not provided."
            );
        }
        // Before any JSON-RPC processing: a body that is no message gets the same 401.
        let response = app
            .http
            .post(format!("{}/mcp", app.base))
            .header("Content-Type", "application/json")
            .body("not json")
            .send()
            .await
            .unwrap();
        assert_eq!(answer(response).await.challenges[0], missing_challenge());
    }
    for method in [reqwest::Method::GET, reqwest::Method::DELETE] {
        let response = app
            .http
            .request(method.clone(), format!("{}/mcp", app.base))
            .header("Accept", "text/event-stream")
            .send()
            .await
            .unwrap();
        let answer = answer(response).await;
        assert_eq!(answer.status, 401, "{method}");
        assert_eq!(answer.challenges[0], missing_challenge(), "{method}");
    }
    // A token in the query string is not a credential.
    let token = live(
        &app,
        "QueryStringTok3n000000000000000",
        VIEWER,
        DEFAULT_SCOPES,
    )
    .await;
    let response = app
        .http
        .post(format!("{}/mcp?access_token={token}", app.base))
        .header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2025-11-25")
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}))
        .send()
        .await
        .unwrap();
    let answer = answer(response).await;
    assert_eq!(answer.status, 401);
    assert_eq!(answer.challenges[0], missing_challenge());
}

#[tokio::test]
async fn a_live_token_reads_as_its_user_in_both_eras() {
    let app = oauth_app(|_| {}).await;
    let token = live(
        &app,
        "V1ewerAccessTok3n0000000000000",
        VIEWER,
        DEFAULT_SCOPES,
    )
    .await;
    for era in ERAS {
        // `bearer` in any case (RFC 6750's scheme is case-insensitive).
        for scheme in ["Bearer", "bearer", "BEARER"] {
            let authorization = format!("{scheme} {token}").into_bytes();
            let part = call(
                &app,
                era,
                &authorization,
                "get_part",
                json!({"part_id": RESISTOR_10K}),
            )
            .await;
            assert_eq!(part.status, 200, "{era:?} {scheme}: {}", part.text);
            assert_eq!(part.body["result"]["isError"], false);
            assert_eq!(
                part.body["result"]["structuredContent"]["name"],
                "Resistor 10k 0603"
            );
        }
        // The viewer reads every role but transfer orders, and the default scopes cover
        // every read tool: it sees them all, as with its API token.
        assert_eq!(
            tool_names(&app, era, &bearer(&token)).await,
            common::golden_read_tool_names()
        );
    }
}

#[tokio::test]
async fn every_bad_bearer_token_gets_the_same_401() {
    let app = oauth_app(|_| {}).await;
    let good = live(
        &app,
        "G00dTokenForTheViewer000000000",
        VIEWER,
        DEFAULT_SCOPES,
    )
    .await;
    let expired = issue(
        &app,
        "Exp1redAnHourAgo00000000000000",
        CLAUDE,
        Some(VIEWER),
        DEFAULT_SCOPES,
        "now() - interval '1 second'",
    )
    .await;
    // The toolkit's boundary (`now >= expires` is expired) is checked to the microsecond in
    // the unit tests; here the row expires as it is written.
    let expiring = issue(
        &app,
        "Exp1resAsItIsWr1tten0000000000",
        CLAUDE,
        Some(VIEWER),
        DEFAULT_SCOPES,
        "now()",
    )
    .await;
    let other_app = issue(
        &app,
        "PythonCl1entToken0000000000000",
        PYTHON_APP,
        Some(VIEWER),
        DEFAULT_SCOPES,
        "now() + interval '1 hour'",
    )
    .await;
    // The client-credentials grant gives tokens without a user.
    let no_user = issue(
        &app,
        "Cl1entCredentialsToken00000000",
        CLAUDE,
        None,
        DEFAULT_SCOPES,
        "now() + interval '1 hour'",
    )
    .await;
    let inactive = live(
        &app,
        "Inact1veUsersToken000000000000",
        INACTIVE,
        DEFAULT_SCOPES,
    )
    .await;
    // A row whose checksum is the presented token's but whose token is not.
    let tampered = "TamperedRowT0ken00000000000000";
    sqlx::query(
        "INSERT INTO oauth2_provider_accesstoken (token, token_checksum, expires, scope,
             application_id, user_id, created, updated)
         VALUES ('SomethingElseEntirely000000000', encode(sha256(convert_to($1, 'UTF8')), 'hex'),
                 now() + interval '1 hour', $2, $3, $4, now(), now())",
    )
    .bind(tampered)
    .bind(DEFAULT_SCOPES)
    .bind(CLAUDE)
    .bind(VIEWER)
    .execute(&app.db.pool)
    .await
    .unwrap();
    let mut one_off = good.clone();
    one_off.replace_range(0..1, "H");
    let long = "A".repeat(4097);
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "unknown",
            bearer("UnknownT0ken000000000000000000"),
            "UnknownT0ken000000000000000000".into(),
        ),
        (
            "wrong case",
            bearer(&good.to_uppercase()),
            good.to_uppercase(),
        ),
        ("one character off", bearer(&one_off), one_off.clone()),
        ("expired a second ago", bearer(&expired), expired.clone()),
        ("expires now", bearer(&expiring), expiring.clone()),
        ("another application", bearer(&other_app), other_app.clone()),
        ("no user", bearer(&no_user), no_user.clone()),
        ("inactive user", bearer(&inactive), inactive.clone()),
        ("tampered row", bearer(tampered), tampered.into()),
        ("longer than 4 KiB", bearer(&long), long.clone()),
        ("empty", b"Bearer ".to_vec(), String::new()),
        ("scheme only", b"Bearer".to_vec(), String::new()),
        ("two words", b"Bearer abc def".to_vec(), "abc def".into()),
        ("junk bytes", b"Bearer \xff\xfejunk".to_vec(), String::new()),
        (
            "an inactive user's API token",
            bearer(INACTIVE_TOKEN),
            INACTIVE_TOKEN.into(),
        ),
    ];
    for era in ERAS {
        for (case, authorization, token) in &cases {
            let answer = send(&app, era, Some(authorization), "tools/list", json!({})).await;
            assert_invalid_token(&answer, token, &format!("{era:?} {case}"));
        }
        // The good one passes.
        assert_eq!(
            send(&app, era, Some(&bearer(&good)), "tools/list", json!({}))
                .await
                .status,
            200
        );
    }
}

#[tokio::test]
async fn a_revoked_token_is_refused_on_the_very_next_request() {
    let app = oauth_app(|_| {}).await;
    let token = live(
        &app,
        "Rev0kedOnTheNextRequest0000000",
        VIEWER,
        DEFAULT_SCOPES,
    )
    .await;
    let user_token = live(
        &app,
        "DeletedUsersT0ken0000000000000",
        ENGINEER,
        DEFAULT_SCOPES,
    )
    .await;
    for era in ERAS {
        assert_eq!(
            send(&app, era, Some(&bearer(&token)), "tools/list", json!({}))
                .await
                .status,
            200
        );
        assert_eq!(
            send(
                &app,
                era,
                Some(&bearer(&user_token)),
                "tools/list",
                json!({})
            )
            .await
            .status,
            200
        );
    }
    // Revoking deletes the row.
    sqlx::query("DELETE FROM oauth2_provider_accesstoken WHERE token = $1")
        .bind(&token)
        .execute(&app.db.pool)
        .await
        .unwrap();
    // Deleting a user or an application deletes its tokens (Django's cascade).
    sqlx::query("DELETE FROM oauth2_provider_accesstoken WHERE user_id = $1")
        .bind(ENGINEER)
        .execute(&app.db.pool)
        .await
        .unwrap();
    for era in ERAS {
        let answer = send(&app, era, Some(&bearer(&token)), "tools/list", json!({})).await;
        assert_invalid_token(&answer, &token, "revoked");
        let answer = send(
            &app,
            era,
            Some(&bearer(&user_token)),
            "tools/list",
            json!({}),
        )
        .await;
        assert_invalid_token(&answer, &user_token, "user deleted");
    }
}

#[tokio::test]
async fn a_remembered_token_is_not_used_past_its_expiry() {
    let app = oauth_app(|config| config.auth_cache_ttl_ms = 60_000).await;
    let token = issue(
        &app,
        "ExpiresWhileRemembered00000000",
        CLAUDE,
        Some(VIEWER),
        DEFAULT_SCOPES,
        "now() + interval '1 second'",
    )
    .await;
    let authorization = bearer(&token);
    let list = || {
        send(
            &app,
            Era::Stateless,
            Some(&authorization),
            "tools/list",
            json!({}),
        )
    };
    assert_eq!(list().await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert_invalid_token(&list().await, &token, "expired while remembered");
}

#[tokio::test]
async fn a_remembered_token_stops_working_within_the_cache_time() {
    let app = oauth_app(|config| config.auth_cache_ttl_ms = 300).await;
    let token = live(
        &app,
        "RememberedForThreeHundredMs000",
        VIEWER,
        DEFAULT_SCOPES,
    )
    .await;
    let authorization = bearer(&token);
    let list = || {
        send(
            &app,
            Era::Stateless,
            Some(&authorization),
            "tools/list",
            json!({}),
        )
    };
    assert_eq!(list().await.status, 200);
    sqlx::query("DELETE FROM oauth2_provider_accesstoken")
        .execute(&app.db.pool)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    assert_invalid_token(&list().await, &token, "revoked, after the cache time");
}

/// The tools needing only `part.view` and `bom.view` (which `r:view:part` grants), in
/// catalog order.
const PART_TOOLS: [&str; 12] = [
    "list_parts",
    "get_part",
    "search_parts",
    "list_parameter_templates",
    "get_part_parameters",
    "find_parts_by_parameters",
    "list_bom_items",
    "get_bom_for_part",
    "can_build",
    "where_used",
    "list_tags",
    "search_tags",
];

#[tokio::test]
async fn scopes_narrow_a_superuser() {
    let app = oauth_app(|_| {}).await;
    let token = live(
        &app,
        "SuperuserPartOnlyT0ken00000000",
        DEMO_USER,
        "r:view:part",
    )
    .await;
    let authorization = bearer(&token);
    for era in ERAS {
        assert_eq!(tool_names(&app, era, &authorization).await, PART_TOOLS);
        // A BOM read takes r:view:part.
        let bom = call(
            &app,
            era,
            &authorization,
            "list_bom_items",
            json!({"part_id": SENSOR_BOARD}),
        )
        .await;
        assert_eq!(bom.status, 200);
        assert_eq!(bom.body["result"]["isError"], false, "{}", bom.text);

        // The role allows it, the scope does not: 403 naming what the token has and needs.
        let stock = call(
            &app,
            era,
            &authorization,
            "list_stock_items",
            json!({"limit": 1}),
        )
        .await;
        assert_eq!(stock.status, 403, "{era:?}: {}", stock.text);
        assert_eq!(
            stock.challenges,
            [insufficient_scope_challenge("r:view:part r:view:stock")]
        );
        assert_eq!(
            stock.body,
            json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32001,
                "message": "The access token's scopes do not allow list_stock_items: it needs r:view:stock."}})
        );
        let pivot = call(&app, era, &authorization, "stock_pivot", json!({})).await;
        assert_eq!(pivot.status, 403);
        assert_eq!(
            pivot.challenges,
            [insufficient_scope_challenge(
                "r:view:part r:view:stock r:view:part_category r:view:stock_location"
            )]
        );
        // A tool needing no role needs g:read.
        let codes = call(&app, era, &authorization, "list_project_codes", json!({})).await;
        assert_eq!(codes.status, 403);
        assert_eq!(
            codes.challenges,
            [insufficient_scope_challenge("r:view:part g:read")]
        );
        // A resource is read through its tool, with the same answer.
        let item = send(
            &app,
            era,
            Some(&authorization),
            "resources/read",
            json!({"uri": "inventree://stock-item/1"}),
        )
        .await;
        assert_eq!(item.status, 403);
        assert_eq!(
            item.challenges,
            [insufficient_scope_challenge("r:view:part r:view:stock")]
        );
        assert_eq!(
            item.body["error"]["message"],
            "The access token's scopes do not allow inventree://stock-item/1: it needs r:view:stock."
        );
        let part = send(
            &app,
            era,
            Some(&authorization),
            "resources/read",
            json!({"uri": "inventree://part/1"}),
        )
        .await;
        assert_eq!(part.status, 200, "{}", part.text);
        // A prompt relies on tools: the scopes they lack, all of them, get the same 403.
        let prompt = send(
            &app,
            era,
            Some(&authorization),
            "prompts/get",
            json!({"name": "stock_levels"}),
        )
        .await;
        assert_eq!(prompt.status, 403, "{}", prompt.text);
        assert_eq!(
            prompt.challenges,
            [insufficient_scope_challenge(
                "r:view:part r:view:stock r:view:stock_location r:view:part_category"
            )]
        );
        assert_eq!(
            prompt.body["error"]["message"],
            "The access token's scopes do not allow the prompt stock_levels: it needs \
             r:view:stock r:view:stock_location r:view:part_category."
        );
        let prompt = send(
            &app,
            era,
            Some(&authorization),
            "prompts/get",
            json!({"name": "build_readiness", "arguments": {"part_id": "24"}}),
        )
        .await;
        assert_eq!(prompt.status, 200, "{}", prompt.text);
        assert!(
            prompt.body["result"]["messages"].is_array(),
            "{}",
            prompt.text
        );
        // Writes need their own scope: r:view:part does not change parts.
        let update = call(
            &app,
            era,
            &authorization,
            "update_part",
            json!({"part_id": 1, "description": "x"}),
        )
        .await;
        assert_eq!(update.status, 403);
        assert_eq!(
            update.challenges,
            [insufficient_scope_challenge("r:view:part r:change:part")]
        );
    }
}

#[tokio::test]
async fn a_missing_role_stays_a_tool_error_whatever_the_scopes() {
    let app = oauth_app(|_| {}).await;
    // The engineer has no stock role; the token carries the stock scope all the same.
    let token = live(
        &app,
        "Eng1neerWithStockScope00000000",
        ENGINEER,
        "r:view:part r:view:stock g:read",
    )
    .await;
    let authorization = bearer(&token);
    for era in ERAS {
        let names = tool_names(&app, era, &authorization).await;
        assert!(!names.iter().any(|n| n == "list_stock_items"), "{names:?}");
        assert!(names.iter().any(|n| n == "list_parts"));
        let stock = call(
            &app,
            era,
            &authorization,
            "list_stock_items",
            json!({"limit": 1}),
        )
        .await;
        assert_eq!(stock.status, 200, "{}", stock.text);
        assert_eq!(stock.body["result"]["isError"], true);
        assert_eq!(
            stock.body["result"]["content"][0]["text"],
            "permission denied: this tool requires stock.view (InvenTree role `stock`, action `view`)"
        );
        assert!(
            stock.body["result"]
                .get("structuredContent")
                .is_none_or(Value::is_null)
        );
    }
}

#[tokio::test]
async fn scope_text_is_parsed_safely() {
    let app = oauth_app(|_| {}).await;
    let token = live(
        &app,
        "OddlySpacedScopesT0ken00000000",
        VIEWER,
        "  r:view:part\t\tr:view:nonsense  openid a:staff r:view r:view:stock:extra  r:VIEW:stock ",
    )
    .await;
    for era in ERAS {
        assert_eq!(tool_names(&app, era, &bearer(&token)).await, PART_TOOLS);
    }
}

#[tokio::test]
async fn other_credentials_are_unchanged() {
    let app = oauth_app(|_| {}).await;
    for era in ERAS {
        for authorization in [
            format!("Token {VIEWER_TOKEN}"),
            format!("Bearer {VIEWER_TOKEN}"),
        ] {
            assert_eq!(
                tool_names(&app, era, authorization.as_bytes()).await,
                common::golden_read_tool_names(),
                "{authorization}"
            );
        }
        // Passwords and InvenTree's web sessions too.
        let basic = format!("Basic {}", STANDARD.encode("engineer:partsonly"));
        let session = format!("sessionid={VIEWER_SESSION}");
        for (header, value, expected) in [
            ("Authorization", basic.as_str(), 200),
            ("Cookie", session.as_str(), 200),
        ] {
            let answer = send_with(
                &app,
                "/mcp",
                era,
                Some((header, value.as_bytes())),
                "tools/list",
                json!({}),
            )
            .await;
            assert_eq!(answer.status, expected, "{header}: {}", answer.text);
        }
        // A wrong password keeps its own message, after the bearer challenge.
        let wrong = format!("Basic {}", STANDARD.encode("engineer:wrong"));
        let answer = send(&app, era, Some(wrong.as_bytes()), "tools/list", json!({})).await;
        assert_eq!(answer.status, 401);
        assert_eq!(
            answer.challenges,
            [
                missing_challenge(),
                TOKEN_CHALLENGE.into(),
                BASIC_CHALLENGE.into()
            ]
        );
        assert_eq!(
            answer.body["error"]["message"],
            "Invalid username/password."
        );
        // A bad API token sent as `Token` keeps its own message, after the bearer challenge.
        let answer = send(
            &app,
            era,
            Some(format!("Token {INACTIVE_TOKEN}").as_bytes()),
            "tools/list",
            json!({}),
        )
        .await;
        assert_eq!(answer.status, 401);
        assert_eq!(
            answer.challenges,
            [
                missing_challenge(),
                TOKEN_CHALLENGE.into(),
                BASIC_CHALLENGE.into()
            ]
        );
        assert_eq!(answer.body["error"]["message"], "User inactive or deleted.");
    }
}

/// The server with `public_url` its own address, as a client on this machine reaches it: the
/// setting an end-to-end test with a real OAuth client needs.
async fn oauth_app_at_its_own_address() -> TestApp {
    use std::sync::Arc;
    let db = common::TestDb::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let config = inventree_mcp::config::Config {
        database_url: db.url.clone(),
        public_url: Some(format!("{base}/mcp")),
        oauth_issuer: Some(ISSUER.into()),
        oauth_client_ids: vec![CLAUDE_CLIENT_ID.into()],
        ..Default::default()
    };
    let pool = inventree_mcp::db::read_pool(&config).unwrap();
    let state = Arc::new(inventree_mcp::state::AppState::new(config, pool.clone()).unwrap());
    tokio::spawn(async move {
        inventree_mcp::http::serve_on(listener, state, std::future::pending())
            .await
            .unwrap()
    });
    TestApp {
        db,
        base,
        http: reqwest::Client::new(),
        credential: None,
        reads: pool,
    }
}

#[tokio::test]
async fn a_client_finds_the_metadata_from_the_401() {
    let app = oauth_app_at_its_own_address().await;
    for era in ERAS {
        let refused = send(&app, era, None, "initialize", json!({})).await;
        assert_eq!(refused.status, 401);
        // As MCP clients read it: the first challenge's `resource_metadata`.
        let url = refused.challenges[0]
            .split("resource_metadata=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap()
            .to_string();
        assert_eq!(
            url,
            format!("{}/.well-known/oauth-protected-resource/mcp", app.base)
        );
        let metadata: Value = app
            .http
            .get(&url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        // The resource is the URL the client connected to.
        assert_eq!(metadata["resource"], format!("{}/mcp", app.base));
        assert_eq!(metadata["authorization_servers"], json!([ISSUER]));
    }
}
