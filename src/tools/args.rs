//! Arguments as the client sends them: names checked against the schema, parsed into the
//! tool's type with errors naming the argument, ids validated while parsing, free text
//! cleaned as InvenTree cleans it.

use rmcp::model::JsonObject;
use rmcp::schemars::{self, JsonSchema};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::error::ToolError;

/// Refuses a NUL character anywhere (PostgreSQL text cannot hold one) and any argument the
/// tool does not take, naming it and those it takes.
pub fn check_names(arguments: &JsonObject, known: &[String]) -> Result<(), ToolError> {
    if let Some(at) = arguments
        .iter()
        .find_map(|(name, value)| nul_at(name, value))
    {
        return Err(ToolError::invalid(at, "contains a NUL character"));
    }
    if let Some(unknown) = arguments.keys().find(|name| !known.contains(name)) {
        let quoted: Vec<String> = known.iter().map(|name| format!("`{name}`")).collect();
        let expected = match quoted.as_slice() {
            [] => "there are no fields".to_string(),
            [only] => only.clone(),
            _ => format!("one of {}", quoted.join(", ")),
        };
        return Err(ToolError::invalid(
            unknown.as_str(),
            format!("is not an argument of this tool (expected {expected})"),
        ));
    }
    Ok(())
}

/// Where a string (a value, or a key) under `path` holds a NUL character, as a path:
/// `tags[1]`, `a.b`.
fn nul_at(path: &str, value: &Value) -> Option<String> {
    if path.contains('\0') {
        return Some(path.to_string());
    }
    match value {
        Value::String(s) if s.contains('\0') => Some(path.to_string()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_at(&format!("{path}[{i}]"), v)),
        Value::Object(map) => map
            .iter()
            .find_map(|(k, v)| nul_at(&format!("{path}.{k}"), v)),
        _ => None,
    }
}

/// Takes an envelope argument (`dry_run`, `idempotency_key`, `fields`) out of the arguments,
/// typed; null is absent. A wrong value is refused in the words of the tool's input `schema`.
pub fn take<T: DeserializeOwned>(
    arguments: &mut JsonObject,
    name: &str,
    schema: &JsonObject,
) -> Result<Option<T>, ToolError> {
    match arguments.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => T::deserialize(&value).map(Some).map_err(|error| {
            let at = [Step::Key(name.to_string())];
            refusal(
                schema,
                &at,
                Some(&value),
                name.to_string(),
                error.to_string(),
            )
        }),
    }
}

/// Parses a tool's arguments, naming the argument at fault. A value of the wrong type, out of
/// range or not among the allowed ones is refused in the words of the tool's input `schema`
/// (what it accepts, and what was given), never in serde's.
pub fn parse<A: DeserializeOwned>(
    arguments: JsonObject,
    schema: &JsonObject,
) -> Result<A, ToolError> {
    let arguments = Value::Object(arguments);
    serde_path_to_error::deserialize(&arguments).map_err(|error| {
        let path = error.path().to_string();
        let steps: Vec<Step> = error
            .path()
            .iter()
            .filter_map(|segment| match segment {
                Segment::Seq { index } => Some(Step::Index(*index)),
                Segment::Map { key } => Some(Step::Key(key.clone())),
                Segment::Enum { .. } | Segment::Unknown => None,
            })
            .collect();
        let inner = error.into_inner().to_string();
        // A missing field is reported at its parent, an unknown one at itself; serde names
        // them.
        let at = |field: &str, parent: bool| match path.as_str() {
            "." | "" => field.to_string(),
            path if parent => format!("{path}.{field}"),
            path => path.to_string(),
        };
        if let Some(field) = between(&inner, "missing field `", "`") {
            ToolError::invalid(at(field, true), "is required")
        } else if let Some(field) = between(&inner, "unknown field `", "`") {
            let expected = inner
                .split_once(", expected ")
                .map(|(_, e)| e)
                .unwrap_or("");
            ToolError::invalid(
                at(field, false),
                format!("is not an argument of this tool (expected {expected})"),
            )
        } else {
            let value = value_at(&arguments, &steps);
            refusal(schema, &steps, value, path, inner)
        }
    })
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// One step of the way to a value: a member's name or a list's index.
enum Step {
    Key(String),
    Index(usize),
}

/// The refusal of `value` at `path`: what the schema accepts there and what was given, when
/// the schema says why it is wrong or serde's message is its own (Rust's type names); else
/// the message as written (a check of ours, in our words).
fn refusal(
    schema: &JsonObject,
    steps: &[Step],
    value: Option<&Value>,
    path: String,
    message: String,
) -> ToolError {
    let expected = schema_at(schema, steps);
    match (expected, value) {
        (Some(expected), Some(value))
            if !accepts(schema, expected, value) || in_serde_words(&message) =>
        {
            let wanted = describe(schema, expected, false);
            ToolError::invalid(path, format!("must be {wanted}, got {}", shown(value)))
        }
        _ => ToolError::invalid(path, message),
    }
}

/// serde's own refusals, which name Rust types (`expected i64`, `a sequence`).
fn in_serde_words(message: &str) -> bool {
    [
        "invalid type: ",
        "invalid value: ",
        "invalid length ",
        "unknown variant ",
        "data did not match any variant",
    ]
    .iter()
    .any(|start| message.starts_with(start))
}

fn value_at<'v>(value: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    steps.iter().try_fold(value, |value, step| match step {
        Step::Key(key) => value.get(key.as_str()),
        Step::Index(index) => value.get(*index),
    })
}

/// A `$ref` into the schema's own `$defs`, followed.
fn resolved<'s>(root: &'s JsonObject, schema: &'s Value) -> &'s Value {
    schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix("#/$defs/"))
        .and_then(|name| root.get("$defs")?.get(name))
        .unwrap_or(schema)
}

/// The schema of the value `steps` lead to, through `$ref`s and `anyOf` branches.
fn schema_at<'s>(root: &'s JsonObject, steps: &[Step]) -> Option<&'s Value> {
    fn child<'s>(root: &'s JsonObject, schema: &'s Value, step: &Step) -> Option<&'s Value> {
        let schema = resolved(root, schema);
        let own = match step {
            Step::Key(key) => schema.get("properties").and_then(|p| p.get(key.as_str())),
            Step::Index(_) => schema.get("items"),
        };
        own.or_else(|| {
            schema
                .get("anyOf")?
                .as_array()?
                .iter()
                .find_map(|branch| child(root, branch, step))
        })
    }
    let (first, rest) = steps.split_first()?;
    let first = match first {
        Step::Key(key) => root.get("properties")?.get(key.as_str())?,
        Step::Index(_) => return None,
    };
    rest.iter()
        .try_fold(first, |schema, step| child(root, schema, step))
}

/// Whether `value` has the schema's type, range and allowed values. An integer is what serde
/// reads as one: written without a fraction or exponent, within 64 bits.
fn accepts(root: &JsonObject, schema: &Value, value: &Value) -> bool {
    let schema = resolved(root, schema);
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array)
        && !branches.iter().any(|branch| accepts(root, branch, value))
    {
        return false;
    }
    let has_type = |kind: &str| match kind {
        "integer" => value.as_i64().is_some(),
        "number" => value.is_number(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "object" => value.is_object(),
        "array" => value.as_array().is_some_and(|items| {
            schema
                .get("items")
                .is_none_or(|item| items.iter().all(|v| accepts(root, item, v)))
        }),
        _ => true,
    };
    let typed = match schema.get("type") {
        Some(Value::String(kind)) => has_type(kind),
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).any(has_type),
        _ => true,
    };
    let listed = schema
        .get("enum")
        .and_then(Value::as_array)
        .is_none_or(|values| values.contains(value));
    let number = value.as_f64();
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    let above = bound("minimum").is_none_or(|min| number.is_none_or(|n| n >= min));
    let below = bound("maximum").is_none_or(|max| number.is_none_or(|n| n <= max));
    typed && listed && above && below
}

/// What a schema accepts, in words: "a whole number between 1 and 2147483647", "a list of
/// strings", "one of `supplier`, `customer`".
fn describe(root: &JsonObject, schema: &Value, plural: bool) -> String {
    let schema = resolved(root, schema);
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values
            .iter()
            .map(|v| match v {
                Value::String(s) => format!("`{s}`"),
                other => format!("`{other}`"),
            })
            .collect();
        let lead = if plural { "values among" } else { "one of" };
        return format!("{lead} {}", values.join(", "));
    }
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
        let words: Vec<String> = branches
            .iter()
            .map(|branch| describe(root, branch, plural))
            .collect();
        return words.join(" or ");
    }
    let kinds: Vec<&str> = match schema.get("type") {
        Some(Value::String(kind)) => vec![kind.as_str()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if kinds.is_empty() {
        return if plural { "values" } else { "a value" }.into();
    }
    let range = || {
        let bound = |key: &str| schema.get(key).filter(|v| v.is_number());
        match (bound("minimum"), bound("maximum")) {
            (Some(min), Some(max)) => format!(" between {min} and {max}"),
            (Some(min), None) => format!(" of at least {min}"),
            (None, Some(max)) => format!(" of at most {max}"),
            (None, None) => String::new(),
        }
    };
    let noun = |kind: &str| -> String {
        let (one, many) = match kind {
            "integer" => ("a whole number", "whole numbers"),
            "number" => ("a number", "numbers"),
            "string" => ("a string", "strings"),
            "boolean" => ("true or false", "true or false values"),
            "null" => ("null", "nulls"),
            "object" => ("an object", "objects"),
            "array" => ("a list", "lists"),
            _ => ("a value", "values"),
        };
        let word = if plural { many } else { one };
        match kind {
            "integer" | "number" => format!("{word}{}", range()),
            "array" => match schema.get("items") {
                Some(item) => format!("{word} of {}", describe(root, item, true)),
                None => word.to_string(),
            },
            _ => word.to_string(),
        }
    };
    let words: Vec<String> = kinds.iter().map(|kind| noun(kind)).collect();
    words.join(" or ")
}

/// The value given, as the client wrote it when short, else what it is.
fn shown(value: &Value) -> String {
    const SHORT: usize = 40;
    let text = value.to_string();
    if text.chars().count() <= SHORT {
        return text;
    }
    match value {
        Value::String(s) => format!("a string of {} characters", s.chars().count()),
        Value::Array(items) => format!("a list of {} items", items.len()),
        Value::Object(_) => "an object".into(),
        _ => text,
    }
}

/// The range of an id, as its schema states it.
const ID_MAX: i32 = i32::MAX;

/// A database id as an argument: a positive 32-bit integer, checked while parsing.
fn positive_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    let value = i64::deserialize(deserializer)?;
    i32::try_from(value)
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| {
            serde::de::Error::custom(format!(
                "must be a whole number between 1 and {ID_MAX}, got {value}"
            ))
        })
}

/// Id types: each a positive `i32`, described to the model as an integer from 1 to
/// 2147483647.
macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $name(pub i32);

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$name, D::Error> {
                positive_id(deserializer).map($name)
            }
        }

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({"type": "integer", "minimum": 1, "maximum": ID_MAX})
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0.into()
            }
        }
    )*};
}

ids! {
    /// A part (`part_part.id`).
    PartId,
    /// A part category (`part_partcategory.id`).
    CategoryId,
    /// A stock location (`stock_stocklocation.id`).
    LocationId,
    /// A stock item (`stock_stockitem.id`).
    StockItemId,
    /// A purchase, sales or return order.
    OrderId,
    /// A build order (`build_build.id`).
    BuildId,
    /// A company: supplier, manufacturer or customer (`company_company.id`).
    CompanyId,
    /// An object of the kind another argument names.
    ObjectId,
    /// A supplier part (`part_supplierpart.id`).
    SupplierPartId,
    /// A line of a purchase order (`order_purchaseorderlineitem.id`).
    OrderLineId,
    /// A project code (`common_projectcode.id`).
    ProjectCodeId,
}

/// Free text as InvenTree's API cleans it: control characters dropped (newlines kept only
/// where `multiline`), surrounding whitespace trimmed, HTML tags refused, length bounded.
pub fn text_arg(
    name: &str,
    value: &str,
    max_chars: usize,
    multiline: bool,
) -> Result<String, ToolError> {
    let cleaned: String = value
        .chars()
        .filter(|c| !c.is_control() || (multiline && (*c == '\n' || *c == '\t')))
        .collect();
    let cleaned = cleaned.trim().to_string();
    let has_tag = cleaned.match_indices('<').any(|(i, _)| {
        let rest = &cleaned[i + 1..];
        rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
            && rest.contains('>')
    });
    if has_tag {
        return Err(ToolError::invalid(
            name,
            "contains HTML tags, which InvenTree refuses",
        ));
    }
    let length = cleaned.chars().count();
    if length > max_chars {
        return Err(ToolError::invalid(
            name,
            format!("is {length} characters long; at most {max_chars}"),
        ));
    }
    Ok(cleaned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Example {
        part_id: PartId,
        part_ids: Option<Vec<PartId>>,
        quantity: Option<f64>,
        limit: Option<i64>,
        active: Option<bool>,
        filters: Option<Vec<Filter>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Filter {
        op: Op,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    #[allow(dead_code)]
    enum Op {
        Eq,
        Between,
    }

    /// `Example`'s schema, as the registry would list it.
    fn schema() -> JsonObject {
        object(json!({
            "type": "object",
            "properties": {
                "part_id": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                "part_ids": {
                    "type": "array",
                    "items": {"type": "integer", "minimum": 1, "maximum": 2147483647}
                },
                "quantity": {"type": "number"},
                "limit": {"type": "integer"},
                "active": {"type": "boolean"},
                "filters": {"type": "array", "items": {"$ref": "#/$defs/Filter"}},
                "fields": {"anyOf": [
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "string"}
                ]}
            },
            "$defs": {
                "Filter": {
                    "type": "object",
                    "properties": {"op": {"type": "string", "enum": ["eq", "between"]}},
                    "required": ["op"]
                }
            },
            "required": ["part_id"]
        }))
    }

    fn object(value: Value) -> JsonObject {
        value.as_object().unwrap().clone()
    }

    fn error(value: Value) -> String {
        parse::<Example>(object(value), &schema())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn wrong_values_are_refused_in_the_schemas_words() {
        const ID: &str = "must be a whole number between 1 and 2147483647";
        assert_eq!(
            error(json!({"part_id": 0})),
            format!("invalid argument `part_id`: {ID}, got 0")
        );
        assert_eq!(
            error(json!({"part_id": 3_000_000_000_i64})),
            format!("invalid argument `part_id`: {ID}, got 3000000000")
        );
        assert_eq!(
            error(json!({"part_id": "abc"})),
            format!("invalid argument `part_id`: {ID}, got \"abc\"")
        );
        assert_eq!(
            error(json!({"part_id": 1e20})),
            format!("invalid argument `part_id`: {ID}, got 1e+20")
        );
        assert_eq!(
            error(json!({"part_id": 2.5})),
            format!("invalid argument `part_id`: {ID}, got 2.5")
        );
        assert_eq!(
            error(json!({"part_id": 1, "part_ids": [2, -1]})),
            format!("invalid argument `part_ids[1]`: {ID}, got -1")
        );
        assert_eq!(
            error(json!({"part_id": 1, "part_ids": 7})),
            format!(
                "invalid argument `part_ids`: must be a list of whole numbers between 1 and \
                 2147483647, got 7"
            )
        );
        assert_eq!(
            error(json!({"part_id": 1, "quantity": "NaN"})),
            "invalid argument `quantity`: must be a number, got \"NaN\""
        );
        assert_eq!(
            error(json!({"part_id": 1, "limit": 1e20})),
            "invalid argument `limit`: must be a whole number, got 1e+20"
        );
        assert_eq!(
            error(json!({"part_id": 1, "active": "yes"})),
            "invalid argument `active`: must be true or false, got \"yes\""
        );
        assert_eq!(
            error(json!({"part_id": 1, "filters": [{"op": "like"}]})),
            "invalid argument `filters[0].op`: must be one of `eq`, `between`, got \"like\""
        );
        assert_eq!(
            error(json!({"part_id": 1, "filters": [{"op": "eq"}, 5]})),
            "invalid argument `filters[1]`: must be an object, got 5"
        );
        // Long values are described, not repeated.
        assert_eq!(
            error(json!({"part_id": "x".repeat(100)})),
            format!("invalid argument `part_id`: {ID}, got a string of 100 characters")
        );
    }

    #[test]
    fn envelope_arguments_are_refused_in_the_schemas_words() {
        let mut arguments = object(json!({"fields": 3, "active": "no"}));
        assert_eq!(
            take::<Vec<String>>(&mut arguments, "fields", &schema())
                .unwrap_err()
                .to_string(),
            "invalid argument `fields`: must be a list of strings or a string, got 3"
        );
        assert_eq!(
            take::<bool>(&mut arguments, "active", &schema())
                .unwrap_err()
                .to_string(),
            "invalid argument `active`: must be true or false, got \"no\""
        );
    }

    #[test]
    fn missing_and_unknown_arguments_are_named() {
        assert_eq!(error(json!({})), "invalid argument `part_id`: is required");
        assert_eq!(
            error(json!({"part_id": 1, "filters": [{"op": "eq"}, {}]})),
            "invalid argument `filters[1].op`: is required"
        );
        assert_eq!(
            error(json!({"part_id": 1, "filters": [{"op": "eq", "colour": 1}]})),
            "invalid argument `filters[0].colour`: is not an argument of this tool (expected `op`)"
        );
        assert_eq!(
            parse::<Example>(object(json!({"part_id": 7})), &schema())
                .unwrap()
                .part_id,
            PartId(7)
        );
    }

    #[test]
    fn unknown_arguments_and_nul_characters_are_named() {
        let known = ["part_id".to_string(), "fields".to_string()];
        let check = |value: Value| check_names(&object(value), &known).unwrap_err().to_string();
        assert_eq!(
            check(json!({"part_id": 1, "colour": 1})),
            "invalid argument `colour`: is not an argument of this tool (expected one of `part_id`, `fields`)"
        );
        assert_eq!(
            check(json!({"fields": ["id", "na\u{0}me"]})),
            "invalid argument `fields[1]`: contains a NUL character"
        );
        assert_eq!(
            check(json!({"part_id": {"a": {"b\u{0}": 1}}})),
            "invalid argument `part_id.a.b\u{0}`: contains a NUL character"
        );
    }
}
