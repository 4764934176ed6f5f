//! What every client puts into the model's context: the `tools/list` answer. Kept small.

use crate::common;

use common::{Era, TestApp};
use serde_json::{Value, json};

/// Names, titles, descriptions and input schemas of all tools, in o200k_base tokens: room
/// for 55 tools at the average budget. Every id states its range (1 to 2147483647, about 11
/// tokens each), which clients check before sending and argument errors quote.
const BUDGET: usize = 8_000;
/// The same for any one tool: a verbose new tool fails on its own. The largest,
/// `find_parts_by_parameters`, spells each of its filters' alternatives as an `anyOf` of single
/// types, which every client accepts.
const TOOL_BUDGET: usize = 270;
/// And on average over the tools, so that the total grows slowly as tools are added. The
/// everyday writes (receive, count, create) take arrays of line objects, each field described
/// once: 145.
const AVERAGE_BUDGET: usize = 145;

#[tokio::test]
async fn the_tool_list_fits_the_token_budget() {
    let app = TestApp::start().await;
    let (_, body) = app.rpc(Era::Stateless, "tools/list", json!({})).await;
    let tools = body["result"]["tools"].as_array().unwrap();
    let catalog: Vec<Value> = tools
        .iter()
        .map(|t| json!({"name": t["name"], "title": t["title"], "description": t["description"], "inputSchema": t["inputSchema"]}))
        .collect();
    let outputs: Vec<&Value> = tools.iter().map(|t| &t["outputSchema"]).collect();
    let bpe = tiktoken_rs::o200k_base().unwrap();
    let count = |value: &dyn erased::Json| bpe.encode_ordinary(&value.text()).len();
    let input_tokens = count(&catalog);
    let output_tokens = count(&outputs);
    println!(
        "tools/list for {} tools: {input_tokens} tokens (names, titles, descriptions, input schemas); output schemas {output_tokens} tokens",
        tools.len()
    );
    assert!(
        input_tokens <= BUDGET,
        "{input_tokens} tokens, budget {BUDGET}"
    );
    let per_tool: Vec<(usize, &str)> = catalog
        .iter()
        .map(|tool| (count(tool), tool["name"].as_str().unwrap()))
        .collect();
    let (largest, name) = per_tool.iter().max().unwrap();
    let average = per_tool.iter().map(|(n, _)| n).sum::<usize>() / per_tool.len();
    println!("per tool: {average} tokens on average, {largest} at most ({name})");
    for (tokens, name) in &per_tool {
        assert!(
            *tokens <= TOOL_BUDGET,
            "{name}: {tokens} tokens, budget {TOOL_BUDGET} per tool"
        );
    }
    assert!(
        average <= AVERAGE_BUDGET,
        "{average} tokens per tool on average, budget {AVERAGE_BUDGET}"
    );
    for tool in tools {
        let text = tool["inputSchema"].to_string();
        assert!(
            !text.contains("$schema") && !text.contains("\"format\""),
            "{text}"
        );
    }
}

mod erased {
    pub trait Json {
        fn text(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn text(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}

/// Every tool, derived from its own input schema: unknown arguments, missing required ones
/// and wrongly typed ones are refused with a message naming the argument and saying, in the
/// schema's words, what it accepts.
#[tokio::test]
async fn every_argument_of_every_tool_is_checked() {
    let app = TestApp::start().await;
    let (_, body) = app.rpc(Era::Stateless, "tools/list", json!({})).await;
    let mut checked = 0;
    for tool in body["result"]["tools"].as_array().unwrap() {
        let name = tool["name"].as_str().unwrap();
        let schema = &tool["inputSchema"];
        let required: Vec<&str> = schema["required"]
            .as_array()
            .map(|r| r.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        // A valid call to build on: required ids set to 1 (or [1]), a query to "a".
        let mut valid = serde_json::Map::new();
        for arg in &required {
            let property = &schema["properties"][arg];
            let value = match property["type"].as_str() {
                Some("string") => json!("a"),
                // An array of objects: one item with its required properties set to 1.
                Some("array") => match property["items"]["required"].as_array() {
                    Some(fields) => {
                        let item: serde_json::Map<String, Value> = fields
                            .iter()
                            .map(|field| (field.as_str().unwrap().to_string(), json!(1)))
                            .collect();
                        json!([item])
                    }
                    None => json!([1]),
                },
                _ => json!(1),
            };
            valid.insert(arg.to_string(), value);
        }
        let mut unknown = valid.clone();
        unknown.insert("bogus".into(), json!(1));
        let message = app.call_err(name, Value::Object(unknown)).await;
        assert!(
            message.starts_with("invalid argument `bogus`: is not an argument of this tool"),
            "{name}: {message}"
        );
        checked += 1;
        for arg in &required {
            let mut missing = valid.clone();
            missing.remove(*arg);
            assert_eq!(
                app.call_err(name, Value::Object(missing)).await,
                format!("invalid argument `{arg}`: is required"),
                "{name}"
            );
            checked += 1;
        }
        for (arg, property) in schema["properties"].as_object().unwrap() {
            let wrong = match property["type"].as_str() {
                Some("integer") | Some("number") | Some("boolean") => json!({"not": "a scalar"}),
                Some("string") => json!(12),
                _ => continue,
            };
            // What the schema accepts, in its words (never Rust's: `expected i64`).
            let accepted = match property["type"].as_str() {
                Some("integer") => {
                    match (property["minimum"].as_i64(), property["maximum"].as_i64()) {
                        (Some(min), Some(max)) => format!("a whole number between {min} and {max}"),
                        _ => "a whole number".to_string(),
                    }
                }
                Some("number") => "a number".to_string(),
                Some("boolean") => "true or false".to_string(),
                _ => match property["enum"].as_array() {
                    Some(values) => {
                        let values: Vec<String> = values
                            .iter()
                            .map(|v| format!("`{}`", v.as_str().unwrap()))
                            .collect();
                        format!("one of {}", values.join(", "))
                    }
                    None => "a string".to_string(),
                },
            };
            // The wrong argument first: it is read, and refused, before the others (a
            // required list of objects holds placeholders that are not valid items).
            let mut bad = serde_json::Map::new();
            bad.insert(arg.clone(), wrong.clone());
            for (other, value) in &valid {
                bad.entry(other.clone()).or_insert(value.clone());
            }
            assert_eq!(
                app.call_err(name, Value::Object(bad)).await,
                format!("invalid argument `{arg}`: must be {accepted}, got {wrong}"),
                "{name}.{arg}"
            );
            checked += 1;
        }
    }
    println!("{checked} bad-argument cases");
    assert!(checked > 80, "{checked}");
}

/// What a superuser's `tools/list` answers, in both eras, exactly as committed in
/// `tests/golden/tools_list.json`: names, descriptions, annotations, input and output schemas.
/// `UPDATE_GOLDEN=1` rewrites the file after a deliberate change; review its diff.
#[tokio::test]
async fn the_tool_list_matches_the_golden_snapshot() {
    let app = TestApp::start().await;
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/tools_list.json");
    for era in [Era::Legacy, Era::Stateless] {
        let (status, body) = app.rpc(era, "tools/list", json!({})).await;
        assert_eq!(status, 200, "{body}");
        let tools = body["result"]["tools"].as_array().unwrap();
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            let text = serde_json::to_string_pretty(tools).unwrap() + "\n";
            std::fs::write(path, text).unwrap();
        }
        let golden: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let names = |tools: &[Value]| -> Vec<String> {
            tools.iter().map(|t| t["name"].to_string()).collect()
        };
        assert_eq!(
            names(tools),
            names(&golden),
            "{era:?}: the tools or their order differ"
        );
        // As text: the order of members and properties is part of what clients show.
        for (got, want) in tools.iter().zip(&golden) {
            let text = |tool: &Value| serde_json::to_string_pretty(tool).unwrap();
            assert_eq!(
                text(got),
                text(want),
                "{era:?}: {} differs from the snapshot",
                want["name"]
            );
        }
    }
}

/// One `type` per schema, in every input and output schema: a list of types (`["integer",
/// "null"]`) is what the MCP Inspector's portability check warns about, as clients mapping
/// schemas onto a single-type dialect reject or weaken it (`.ci/schemas` runs the Inspector).
#[tokio::test]
async fn every_schema_gives_one_type_per_value() {
    fn type_lists(schema: &Value, path: String, found: &mut Vec<String>) {
        match schema {
            Value::Object(object) => {
                if object.get("type").is_some_and(Value::is_array) {
                    found.push(path.clone());
                }
                for (key, value) in object {
                    type_lists(value, format!("{path}.{key}"), found);
                }
            }
            Value::Array(items) => {
                for (i, value) in items.iter().enumerate() {
                    type_lists(value, format!("{path}[{i}]"), found);
                }
            }
            _ => {}
        }
    }
    let app = TestApp::start().await;
    let (_, body) = app.rpc(Era::Stateless, "tools/list", json!({})).await;
    let mut found = Vec::new();
    for tool in body["result"]["tools"].as_array().unwrap() {
        let name = tool["name"].as_str().unwrap();
        for schema in ["inputSchema", "outputSchema"] {
            type_lists(&tool[schema], format!("{name}.{schema}"), &mut found);
        }
    }
    assert_eq!(found, Vec::<String>::new());
}
