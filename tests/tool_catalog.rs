//! What every client puts into the model's context: the `tools/list` answer. Kept small.

mod common;

use common::{Era, TestApp};
use serde_json::{Value, json};

/// Names, titles, descriptions and input schemas of all tools, in o200k_base tokens.
const BUDGET: usize = 3_500;

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
