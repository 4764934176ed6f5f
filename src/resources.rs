//! MCP resources: the two trees, and a part, stock item, category, location or BOM by id.
//! Each is read through the tool that answers it, so it carries the same permission check
//! and the same JSON; a resource the caller may not read is not listed.

use rmcp::ErrorData;
use rmcp::model::{ReadResourceResult, Resource, ResourceContents, ResourceTemplate};
use serde_json::json;

use crate::auth::User;
use crate::tools::Tool;
use crate::tools::Tools;
use crate::tools::names::*;

const JSON: &str = "application/json";

/// Fixed resources: (uri, name, title, tool).
const FIXED: &[(&str, &str, &str, &str)] = &[
    (
        "inventree://categories",
        "category_tree",
        "Part category tree",
        GetCategoryTree::NAME,
    ),
    (
        "inventree://locations",
        "location_tree",
        "Stock location tree",
        GetLocationTree::NAME,
    ),
];

/// Templates: (prefix before the id, name, title, tool, the tool's id argument).
const TEMPLATES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "inventree://part/",
        "part",
        "Part",
        GetPart::NAME,
        "part_id",
    ),
    (
        "inventree://stock-item/",
        "stock_item",
        "Stock item",
        GetStockItem::NAME,
        "stock_item_id",
    ),
    (
        "inventree://category/",
        "category",
        "Part category",
        GetCategory::NAME,
        "category_id",
    ),
    (
        "inventree://location/",
        "location",
        "Stock location",
        GetLocation::NAME,
        "location_id",
    ),
    (
        "inventree://bom/",
        "bom",
        "Bill of materials, exploded through every level",
        GetBomForPart::NAME,
        "part_id",
    ),
];

pub fn list(user: &User, tools: &Tools) -> Vec<Resource> {
    FIXED
        .iter()
        .filter(|(_, _, _, tool)| tools.may_call(user, tool))
        .map(|(uri, name, title, _)| {
            Resource::new(*uri, *name)
                .with_title(*title)
                .with_mime_type(JSON)
        })
        .collect()
}

pub fn templates(user: &User, tools: &Tools) -> Vec<ResourceTemplate> {
    TEMPLATES
        .iter()
        .filter(|(_, _, _, tool, _)| tools.may_call(user, tool))
        .map(|(prefix, name, title, _, _)| {
            let mut template = ResourceTemplate::new(format!("{prefix}{{id}}"), *name);
            template.title = Some((*title).into());
            template.mime_type = Some(JSON.into());
            template
        })
        .collect()
}

/// The tool that answers `uri`, if any.
pub fn tool_for(uri: &str) -> Option<&'static str> {
    FIXED
        .iter()
        .find(|(u, ..)| *u == uri)
        .map(|(.., tool)| *tool)
        .or_else(|| {
            TEMPLATES
                .iter()
                .find(|(prefix, ..)| uri.starts_with(prefix))
                .map(|(_, _, _, tool, _)| *tool)
        })
}

/// Reads `uri` as `user`. An unknown URI, a missing row, or a resource the caller may not
/// read: -32602 with the URI in `data`, and the reason in the message.
pub async fn read(tools: &Tools, user: &User, uri: &str) -> Result<ReadResourceResult, ErrorData> {
    let not_found = |message: String| ErrorData::invalid_params(message, Some(json!({"uri": uri})));
    let (tool, arguments) = if let Some((_, _, _, tool)) = FIXED.iter().find(|(u, ..)| *u == uri) {
        (*tool, json!({}))
    } else {
        let (_, _, _, tool, argument) = TEMPLATES
            .iter()
            .find(|(prefix, ..)| uri.starts_with(prefix))
            .ok_or_else(|| not_found(format!("resource not found: {uri}")))?;
        let id = uri
            .rsplit('/')
            .next()
            .and_then(|id| id.parse::<i64>().ok())
            .filter(|id| (1..=i64::from(i32::MAX)).contains(id))
            .ok_or_else(|| {
                not_found(format!(
                    "resource not found: {uri} (the id must be a positive integer)"
                ))
            })?;
        let mut arguments = json!({ *argument: id });
        if *tool == GetBomForPart::NAME {
            arguments["levels"] = json!(0);
        }
        (*tool, arguments)
    };
    let arguments = arguments.as_object().cloned();
    let result = tools.call(user, tool, arguments).await?;
    if result.is_error == Some(true) {
        let message = result
            .content
            .first()
            .and_then(|block| block.as_text())
            .map_or_else(|| "resource not readable".to_string(), |t| t.text.clone());
        return Err(not_found(message));
    }
    let text = result
        .structured_content
        .map(|value| value.to_string())
        .unwrap_or_default();
    Ok(ReadResourceResult::new(vec![
        ResourceContents::text(text, uri).with_mime_type(JSON),
    ]))
}
