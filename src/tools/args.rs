//! Arguments as the client sends them: names checked against the schema, parsed into the
//! tool's type with errors naming the argument, ids validated while parsing, free text
//! cleaned as InvenTree cleans it.

use rmcp::model::JsonObject;
use rmcp::schemars::{self, JsonSchema};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

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
/// typed; null is absent.
pub fn take<T: DeserializeOwned>(
    arguments: &mut JsonObject,
    name: &str,
) -> Result<Option<T>, ToolError> {
    match arguments.remove(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => serde_json::from_value(value)
            .map(Some)
            .map_err(|error| ToolError::invalid(name, error.to_string())),
    }
}

/// Parses a tool's arguments, naming the argument at fault.
pub fn parse<A: DeserializeOwned>(arguments: JsonObject) -> Result<A, ToolError> {
    serde_path_to_error::deserialize(Value::Object(arguments)).map_err(|error| {
        let path = error.path().to_string();
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
        } else if inner.starts_with(NOT_AN_ID) {
            // An id in a list is reported under the list's name.
            let list = path.split_once('[').map_or(path.as_str(), |(list, _)| list);
            ToolError::invalid(list, inner)
        } else {
            ToolError::invalid(path, inner)
        }
    })
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

const NOT_AN_ID: &str = "must be a positive id";

/// A database id as an argument: a positive 32-bit integer, checked while parsing.
fn positive_id<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i32, D::Error> {
    let value = i64::deserialize(deserializer)?;
    i32::try_from(value)
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(|| serde::de::Error::custom(format!("{NOT_AN_ID}, got {value}")))
}

/// Id types: each a positive `i32`, described to the model as an integer.
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

            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                i64::json_schema(generator)
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
        filters: Option<Vec<Filter>>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Filter {
        op: String,
    }

    fn object(value: Value) -> JsonObject {
        value.as_object().unwrap().clone()
    }

    fn error(value: Value) -> String {
        parse::<Example>(object(value)).unwrap_err().to_string()
    }

    #[test]
    fn ids_are_checked_while_parsing_and_named() {
        assert_eq!(
            error(json!({"part_id": 0})),
            "invalid argument `part_id`: must be a positive id, got 0"
        );
        assert_eq!(
            error(json!({"part_id": 3_000_000_000_i64})),
            "invalid argument `part_id`: must be a positive id, got 3000000000"
        );
        assert_eq!(
            error(json!({"part_id": 1, "part_ids": [2, -1]})),
            "invalid argument `part_ids`: must be a positive id, got -1"
        );
        assert_eq!(
            error(json!({"part_id": "7"})),
            "invalid argument `part_id`: invalid type: string \"7\", expected i64"
        );
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
            parse::<Example>(object(json!({"part_id": 7})))
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
