//! A tool's `tools/list` entry, built from its type: title, description with the permissions
//! it needs, annotations, the input schema slimmed for a model's context with the envelope's
//! arguments added once, and the output schema.

use std::sync::Arc;

use rmcp::handler::server::common::{schema_for_output, schema_for_type};
use rmcp::model::{JsonObject, ToolAnnotations};
use serde_json::{Value, json};

use super::tool::{Effect, Nature, Tool};

/// What the registry keeps of a tool's schemas.
pub struct Built {
    pub tool: rmcp::model::Tool,
    /// Argument names in schema order.
    pub arguments: Vec<String>,
    /// For a tool taking `fields`: the answer's (or each item's) field names.
    pub fields: Option<Vec<String>>,
}

pub fn build<T: Tool>() -> Built {
    let needs: Vec<String> = T::REQUIRES.iter().map(ToString::to_string).collect();
    let description = format!("{} Needs {}.", T::DESCRIPTION, needs.join(", "));
    let mut input = Value::Object((*schema_for_type::<T::Args>()).clone());
    slim(&mut input);
    let Value::Object(mut input) = input else {
        unreachable!("argument schemas are objects")
    };
    single_types(&mut input);
    let mut output = Arc::unwrap_or_clone(schema_for_output::<T::Output>());
    single_types(&mut output);
    known_formats(&mut output);
    let mut fields = None;
    if T::FIELDS {
        add_argument(
            &mut input,
            "fields",
            json!({
                "description": "Fields to return, e.g. [\"id\",\"name\"].",
                "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}],
            }),
        );
        fields = Some(item_fields(&output));
        projectable(&mut output);
    }
    let annotations = ToolAnnotations::with_title(T::TITLE).open_world(false);
    let annotations = match T::NATURE {
        Nature::Read => annotations
            .read_only(true)
            .destructive(false)
            .idempotent(true),
        // Never idempotent by itself (see `idempotency_key`).
        Nature::Write(effect) => {
            add_argument(
                &mut input,
                "dry_run",
                json!({"description": "Only check and show the result.", "type": "boolean"}),
            );
            add_argument(
                &mut input,
                "idempotency_key",
                json!({"description": "Repeat-safe key.", "type": "string"}),
            );
            report_dry_run(&mut output);
            no_id_required(&mut output);
            annotations
                .read_only(false)
                .destructive(effect == Effect::Destructive)
                .idempotent(false)
        }
    };
    let arguments = input
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default();
    let tool = rmcp::model::Tool::new(T::NAME, description, Arc::new(input))
        .with_title(T::TITLE)
        .with_raw_output_schema(Arc::new(output))
        .annotate(annotations);
    Built {
        tool,
        arguments,
        fields,
    }
}

/// One `type` per schema: a list of types (`["integer", "null"]` for an `Option`) becomes
/// `anyOf` branches of one type each, carrying the keywords of their type. Clients that map
/// tool schemas onto a single-type dialect (Gemini's function declarations) reject or weaken
/// type lists.
fn single_types(schema: &mut JsonObject) {
    fn keywords(kind: &str) -> &'static [&'static str] {
        match kind {
            "integer" | "number" => &[
                "format",
                "minimum",
                "maximum",
                "exclusiveMinimum",
                "exclusiveMaximum",
                "multipleOf",
            ],
            "string" => &["format", "minLength", "maxLength", "pattern"],
            "array" => &["items", "minItems", "maxItems", "uniqueItems"],
            "object" => &["properties", "required", "additionalProperties"],
            _ => &[],
        }
    }
    fn split(value: &mut Value) {
        match value {
            Value::Object(object) => {
                if let Some(Value::Array(kinds)) = object.get("type").cloned() {
                    object.remove("type");
                    let values = object.remove("enum");
                    let mut branches = Vec::new();
                    for kind in kinds.iter().filter_map(Value::as_str) {
                        let mut branch = serde_json::Map::new();
                        branch.insert("type".into(), kind.into());
                        for key in keywords(kind) {
                            if let Some(keyword) = object.get(*key) {
                                branch.insert((*key).into(), keyword.clone());
                            }
                        }
                        if let Some(Value::Array(values)) = &values {
                            let of_kind: Vec<Value> = values
                                .iter()
                                .filter(|v| {
                                    kind_of(v) == kind || (kind == "number" && v.is_number())
                                })
                                .cloned()
                                .collect();
                            if kind != "null" {
                                branch.insert("enum".into(), of_kind.into());
                            }
                        }
                        branches.push(Value::Object(branch));
                    }
                    for kind in kinds.iter().filter_map(Value::as_str) {
                        for key in keywords(kind) {
                            object.remove(*key);
                        }
                    }
                    object.insert("anyOf".into(), branches.into());
                }
                object.values_mut().for_each(split);
            }
            Value::Array(items) => items.iter_mut().for_each(split),
            _ => {}
        }
    }
    fn kind_of(value: &Value) -> &'static str {
        match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
    schema.values_mut().for_each(split);
}

/// Drops the integer formats schemars writes for unsigned and small Rust integers (`uint`,
/// `uint32`, `int16`, ...): validators such as Ajv (the TypeScript SDK's) warn about them as
/// unknown, and their `minimum`/`maximum` already say the range. `int32`, `int64` and
/// `double` are OpenAPI's, which validators know.
fn known_formats(schema: &mut JsonObject) {
    fn walk(value: &mut Value) {
        match value {
            Value::Object(object) => {
                let unknown = object
                    .get("format")
                    .and_then(Value::as_str)
                    .is_some_and(|f| f.starts_with("uint") || f == "int8" || f == "int16");
                if unknown {
                    object.remove("format");
                }
                object.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    schema.values_mut().for_each(walk);
}

/// An optional argument the envelope handles, after the tool's own.
fn add_argument(input: &mut JsonObject, name: &str, schema: Value) {
    let properties = input
        .entry("properties")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("properties is an object");
    properties.insert(name.into(), schema);
}

/// A write's answer says first whether it was a dry run.
fn report_dry_run(output: &mut JsonObject) {
    let properties = output
        .get_mut("properties")
        .and_then(Value::as_object_mut)
        .expect("write answers are objects");
    let mut reordered = serde_json::Map::new();
    reordered.insert(
        "dry_run".into(),
        json!({"description": "Nothing was written.", "type": "boolean"}),
    );
    reordered.extend(std::mem::take(properties));
    *properties = reordered;
    let required = output
        .entry("required")
        .or_insert_with(|| json!([]))
        .as_array_mut()
        .expect("required is a list");
    required.insert(0, json!("dry_run"));
}

/// A write's dry run answers no id for the rows it would create (`Tool::unassigned`): its
/// answer, and every object in it, may lack `id`.
fn no_id_required(output: &mut JsonObject) {
    fn strip(schema: &mut Value) {
        match schema {
            Value::Object(object) => {
                if let Some(Value::Array(required)) = object.get_mut("required") {
                    required.retain(|name| name != "id");
                }
                object.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    output.values_mut().for_each(strip);
    if let Some(Value::Array(required)) = output.get_mut("required") {
        required.retain(|name| name != "id");
    }
}

/// The field names of the answer, or of each item of a page (`items`).
fn item_fields(output: &JsonObject) -> Vec<String> {
    let properties = |schema: &JsonObject| -> Vec<String> {
        schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    };
    let item = output
        .get("properties")
        .and_then(|p| p.get("items"))
        .and_then(|items| items.get("items"))
        .and_then(|item| item.get("$ref"))
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/$defs/"))
        .and_then(|name| output.get("$defs")?.get(name)?.as_object());
    match item {
        Some(item) => properties(item),
        None => properties(output),
    }
}

/// With a `fields` projection an item may lack any field, so none is required.
fn projectable(schema: &mut JsonObject) {
    if let Some(Value::Object(defs)) = schema.get_mut("$defs") {
        for def in defs.values_mut() {
            if let Some(def) = def.as_object_mut() {
                def.remove("required");
            }
        }
    }
    let is_page = schema
        .get("properties")
        .and_then(|p| p.get("items"))
        .is_some();
    if !is_page {
        schema.remove("required");
    }
}

/// Drops what a model does not need from an argument schema: `$schema`, titles, integer
/// formats, and `null` as an alternative type or value of optional arguments (an optional
/// argument is one left out of `required`).
fn slim(schema: &mut Value) {
    let Value::Object(object) = schema else {
        if let Value::Array(items) = schema {
            items.iter_mut().for_each(slim);
        }
        return;
    };
    object.remove("$schema");
    object.remove("title");
    object.remove("format");
    // Unknown arguments are refused all the same, naming the argument.
    object.remove("additionalProperties");
    if let Some(Value::Array(types)) = object.get("type") {
        let kept: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        let kept = match kept.len() {
            1 => kept[0].clone(),
            _ => Value::Array(kept),
        };
        object.insert("type".into(), kept);
    }
    if let Some(Value::Array(values)) = object.get_mut("enum") {
        values.retain(|v| !v.is_null());
    }
    if let Some(Value::Array(any_of)) = object.get("anyOf") {
        let kept: Vec<Value> = any_of
            .iter()
            .filter(|t| t.get("type") != Some(&Value::from("null")))
            .cloned()
            .collect();
        if kept.len() == 1 {
            object.remove("anyOf");
            if let Value::Object(only) = &kept[0] {
                for (key, value) in only {
                    object.entry(key.clone()).or_insert(value.clone());
                }
            }
        }
    }
    object.values_mut().for_each(slim);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_lists_become_single_type_branches() {
        let mut schema = json!({
            "properties": {
                "category": {"description": "Category id.", "type": ["integer", "null"],
                             "format": "int32", "minimum": 0},
                "kind": {"type": ["string", "null"], "enum": ["a", "b", null]},
                "tags": {"type": "array", "items": {"type": "string"}}
            }
        });
        single_types(schema.as_object_mut().unwrap());
        assert_eq!(
            schema,
            json!({
                "properties": {
                    "category": {"description": "Category id.", "anyOf": [
                        {"type": "integer", "format": "int32", "minimum": 0},
                        {"type": "null"}
                    ]},
                    "kind": {"anyOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "null"}]},
                    "tags": {"type": "array", "items": {"type": "string"}}
                }
            })
        );
    }
}
