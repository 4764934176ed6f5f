//! Parts: list, get, search.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;
use sqlx::types::Json;

use super::args::{CategoryId, PartId};
use super::paging::{Page, Window, split_count};
use super::registry::{Entry, entry};
use super::tool::{Cx, Nature, Tool, Toolset};
use super::trees;
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![
        entry::<ListParts>(),
        entry::<GetPart>(),
        entry::<SearchParts>(),
    ]
}

const PART_VIEW: &[Permission] = &[Permission(Role::Part, Action::View)];

/// A part with InvenTree's stock figures (the names InvenTree's part API uses).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Part {
    pub id: i32,
    pub name: String,
    pub description: String,
    /// Category id (null: none).
    pub category: Option<i32>,
    /// The category's path, e.g. "Electronics/Passives/Resistors".
    pub category_path: Option<String>,
    pub active: bool,
    #[serde(rename = "IPN")]
    pub ipn: Option<String>,
    pub revision: Option<String>,
    pub units: Option<String>,
    pub keywords: Option<String>,
    pub assembly: bool,
    pub component: bool,
    pub purchaseable: bool,
    pub salable: bool,
    pub trackable: bool,
    pub r#virtual: bool,
    pub is_template: bool,
    pub locked: bool,
    /// The template this part is a variant of.
    pub variant_of: Option<i32>,
    pub minimum_stock: f64,
    pub tags: Vec<String>,
    /// Its parameters, by name.
    #[schemars(with = "Vec<ParameterBrief>")]
    pub parameters: Json<Vec<ParameterBrief>>,
    /// Quantity in stock of this part itself (InvenTree's "in stock" rules).
    pub in_stock: f64,
    /// Quantity in stock of its variants.
    pub variant_stock: f64,
    /// in_stock + variant_stock: what InvenTree shows as the part's stock.
    pub total_in_stock: f64,
    /// Same as total_in_stock (the name the plugin used).
    pub total_stock: f64,
    /// In-stock quantity held in external locations.
    pub external_stock: f64,
    pub allocated_to_sales_orders: f64,
    pub allocated_to_build_orders: f64,
    /// total_in_stock minus open allocations, at least 0.
    pub unallocated_stock: f64,
    /// On order from open purchase orders, not yet received.
    pub ordering: f64,
    /// In production as outputs of active builds.
    pub building: f64,
    pub scheduled_to_build: f64,
    pub required_for_build_orders: f64,
    pub required_for_sales_orders: f64,
    /// Stock items of this part, whatever their status or quantity.
    pub stock_item_count: i64,
}

/// A parameter in brief (get_part_parameters has them all in full).
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ParameterBrief {
    /// The template's name.
    pub name: String,
    /// The value as entered (`data`).
    pub value: String,
    /// The template's units, when it has some.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub units: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListPartsArgs {
    /// Category, with its subcategories unless cascade is false.
    pub category_id: Option<CategoryId>,
    /// Include subcategories (default true).
    pub cascade: Option<bool>,
    /// Active (true) or inactive (false) parts only.
    pub active: Option<bool>,
    /// Tag names that must all be present (case-sensitive).
    pub tags: Option<Vec<String>>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
    /// The previous page's next_cursor (instead of offset).
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetPartArgs {
    /// The part's id.
    pub part_id: PartId,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchPartsArgs {
    /// Words to find (all must match); "quoted phrases" stay whole.
    pub query: String,
    /// Max rows (default 50).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// Parts by id, read through `conn`: a call's read connection, or a write's own transaction.
pub(super) async fn details(conn: &mut PgConnection, ids: &[i32]) -> Result<Vec<Part>, ToolError> {
    Ok(sqlx::query_file_as!(Part, "queries/parts/details.sql", ids)
        .fetch_all(conn)
        .await?)
}

pub struct ListParts;

impl Tool for ListParts {
    const NAME: &str = "list_parts";
    const TITLE: &str = "List parts";
    const DESCRIPTION: &str =
        "List parts by id with InvenTree's stock figures; filter by category, active, tags.";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = PART_VIEW;
    const NATURE: Nature = Nature::Read;
    const FIELDS: bool = true;
    type Args = ListPartsArgs;
    type Output = Page<Part>;

    async fn run(cx: &mut Cx<'_>, args: ListPartsArgs) -> Result<Page<Part>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?
            .after_cursor(args.cursor.as_deref())?;
        let category = args.category_id.map(|id| id.0);
        let mut tags = args.tags.unwrap_or_default();
        tags.sort();
        tags.dedup();
        let (offset, bound) = (window.offset, window.count_bound());
        let categories = match category {
            Some(category) => Some(
                trees::category_subtree(cx.db().await?, category, args.cascade.unwrap_or(true))
                    .await?,
            ),
            None => None,
        };
        let tagged = if tags.is_empty() {
            None
        } else {
            Some(
                sqlx::query_file_scalar!("queries/parts/tagged.sql", &tags)
                    .fetch_one(cx.db().await?)
                    .await?,
            )
        };
        // Planned for these values (see the query).
        let found = crate::db::custom_plans(cx.db().await?, async |conn: &mut PgConnection| {
            sqlx::query_file_scalar!(
                "queries/parts/list.sql",
                categories.as_deref(),
                args.active,
                tagged.as_deref(),
                window.fetch_limit(),
                offset,
                window.after,
                bound
            )
            .persistent(false)
            .fetch_one(conn)
            .await
        })
        .await?;
        // The category exists: resolving it found it.
        let (count, ids) = split_count(found);
        let db = cx.db().await?;
        Page::keyset(
            ids,
            count,
            &window,
            |ids| async move { details(db, &ids).await },
        )
        .await
    }
}

pub struct GetPart;

impl Tool for GetPart {
    const NAME: &str = "get_part";
    const TITLE: &str = "Get a part";
    const DESCRIPTION: &str = "One part with its flags, tags, parameters and InvenTree's stock \
        figures: in_stock (own), total_in_stock (with variants), unallocated_stock, ordering, \
        building, allocations.";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = PART_VIEW;
    const NATURE: Nature = Nature::Read;
    const FIELDS: bool = true;
    type Args = GetPartArgs;
    type Output = Part;

    async fn run(cx: &mut Cx<'_>, args: GetPartArgs) -> Result<Part, ToolError> {
        let id = args.part_id;
        details(cx.db().await?, &[id.0])
            .await?
            .pop()
            .ok_or(ToolError::NotFound {
                what: "part",
                id: id.into(),
            })
    }
}

pub struct SearchParts;

impl Tool for SearchParts {
    const NAME: &str = "search_parts";
    const TITLE: &str = "Search parts";
    const DESCRIPTION: &str = "Search parts as InvenTree does: every word must appear in the \
        name, description, IPN, revision, keywords, category name, MPN, SKU, a tag or (beyond \
        InvenTree) a parameter value. Ordered by name.";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = PART_VIEW;
    const NATURE: Nature = Nature::Read;
    const FIELDS: bool = true;
    type Args = SearchPartsArgs;
    type Output = Page<Part>;

    async fn run(cx: &mut Cx<'_>, args: SearchPartsArgs) -> Result<Page<Part>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 50)?;
        let patterns: Vec<String> = search_terms(&args.query)
            .iter()
            .map(|t| like_pattern(t))
            .collect();
        if patterns.is_empty() {
            return Err(ToolError::invalid(
                "query",
                "must contain at least one word to search for",
            ));
        }
        let found = sqlx::query_file!(
            "queries/parts/search.sql",
            &patterns,
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        let items = details(cx.db().await?, &found.ids).await?;
        Ok(Page::new(items, found.count, window.offset))
    }
}

/// Splits a search string as InvenTree does: on whitespace and commas, keeping "quoted
/// phrases" (single or double quotes) whole, dropping blank terms.
pub fn search_terms(query: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in query.chars() {
        match quote {
            Some(q) if c == q => {
                quote = None;
                terms.push(std::mem::take(&mut current));
            }
            Some(_) => current.push(c),
            None if c == '"' || c == '\'' => {
                terms.push(std::mem::take(&mut current));
                quote = Some(c);
            }
            None if c.is_whitespace() || c == ',' => terms.push(std::mem::take(&mut current)),
            None => current.push(c),
        }
    }
    terms.push(current);
    terms
        .into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// `%term%` for LIKE, with the term's own `%`, `_` and `\` matched literally.
pub(super) fn like_pattern(term: &str) -> String {
    let mut pattern = String::with_capacity(term.len() + 2);
    pattern.push('%');
    for c in term.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_split_on_spaces_and_commas_and_keep_quoted_phrases() {
        assert_eq!(
            search_terms(r#"  motor, "motor driver" 'h bridge',,x "#),
            vec!["motor", "motor driver", "h bridge", "x"]
        );
        assert!(search_terms(" , ").is_empty());
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern(r"50%_a\b"), r"%50\%\_a\\b%");
    }
}
