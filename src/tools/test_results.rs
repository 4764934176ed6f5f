//! Test results of stock items: the latest result of each test, and whether every required
//! test has passed, as InvenTree decides it (`StockItem.requiredTestStatus`).

use chrono::{DateTime, Utc};
use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::args::{PartId, StockItemId};
use super::paging::{Page, Window};
use super::registry::{Entry, entry};
use super::tool::{Cx, Nature, Tool, Toolset};
use super::trees;
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<ListTestResults>()]
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListTestResultsArgs {
    /// One stock item.
    pub stock_item_id: Option<StockItemId>,
    /// Every stock item of this part and its variants.
    pub part_id: Option<PartId>,
    /// Max items (default 50).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// One test of an item: its template, and the item's latest result for it.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TestStatus {
    /// The test template.
    pub template: i32,
    pub test_name: String,
    pub key: String,
    /// Required and enabled: it counts towards `passed_all_required`.
    pub required: bool,
    pub enabled: bool,
    pub requires_value: bool,
    pub requires_attachment: bool,
    /// The latest result (null: never tested).
    pub result: Option<bool>,
    pub value: Option<String>,
    pub notes: Option<String>,
    pub date: Option<DateTime<Utc>>,
    pub user: Option<String>,
    /// How many results the item has for this test.
    pub results: i64,
}

/// A stock item's test status.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ItemTests {
    pub stock_item: i32,
    pub part: i32,
    pub part_name: String,
    pub serial: Option<String>,
    pub batch: Option<String>,
    /// Required tests (of the part and the parts it is a variant of).
    pub required_tests: i64,
    /// Required tests whose latest result is a pass.
    pub passed_required: i64,
    /// Every required test passed (true when none is required).
    pub passed_all_required: bool,
    pub tests: Vec<TestStatus>,
}

/// A test template (`part_parttesttemplate`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct TestTemplate {
    pub id: i32,
    /// The part it belongs to: the part asked about, or one it is a variant of.
    pub part: i32,
    pub test_name: String,
    pub key: String,
    pub description: Option<String>,
    pub required: bool,
    pub enabled: bool,
    pub requires_value: bool,
    pub requires_attachment: bool,
    /// Allowed values, comma-separated ("" for any).
    pub choices: String,
}

/// The items' test status, and the templates they are tested against.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TestResults {
    #[serde(flatten)]
    pub page: Page<ItemTests>,
    /// The test templates of the part (or the item's part) and the parts it is a variant of.
    pub templates: Vec<TestTemplate>,
}

/// `list_test_results`: per stock item, the latest result of each test.
pub struct ListTestResults;

impl Tool for ListTestResults {
    const NAME: &str = "list_test_results";
    const TITLE: &str = "Test results";
    const DESCRIPTION: &str = "Test status of a stock item, or of every item of a part: each \
        test template with the latest result, whether all required tests passed, and the \
        part's test templates.";
    const TOOLSET: Toolset = Toolset::Stock;
    /// Results are stock data; the templates are part data.
    const REQUIRES: &[Permission] = &[
        Permission(Role::Stock, Action::View),
        Permission(Role::Part, Action::View),
    ];
    const NATURE: Nature = Nature::Read;
    type Args = ListTestResultsArgs;
    type Output = TestResults;

    async fn run(cx: &mut Cx<'_>, args: ListTestResultsArgs) -> Result<TestResults, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 50)?;
        let (ids, count) = match (args.stock_item_id, args.part_id) {
            (Some(item), None) => (vec![item.0], 1),
            (None, Some(part)) => {
                let parts = trees::part_family(cx.db().await?, part.0, true).await?;
                let found = sqlx::query_file!(
                    "queries/testing/items.sql",
                    &parts,
                    window.limit,
                    window.offset,
                    window.count_bound()
                )
                .fetch_one(cx.db().await?)
                .await?;
                (found.ids, found.count)
            }
            _ => {
                return Err(ToolError::invalid(
                    "stock_item_id",
                    "give stock_item_id or part_id (one of them)",
                ));
            }
        };
        let rows = sqlx::query_file!("queries/testing/results.sql", &ids)
            .fetch_all(cx.db().await?)
            .await?;
        let mut items: Vec<ItemTests> = Vec::with_capacity(ids.len());
        for row in rows {
            if items.last().is_none_or(|item| item.stock_item != row.item) {
                items.push(ItemTests {
                    stock_item: row.item,
                    part: row.part,
                    part_name: row.part_name,
                    serial: row.serial,
                    batch: row.batch,
                    required_tests: 0,
                    passed_required: 0,
                    passed_all_required: true,
                    tests: Vec::new(),
                });
            }
            let item = items.last_mut().expect("pushed above");
            let Some(template) = row.template else {
                continue;
            };
            let required = row.required.unwrap_or(false);
            if required {
                item.required_tests += 1;
                if row.result == Some(true) {
                    item.passed_required += 1;
                }
            }
            item.tests.push(TestStatus {
                template,
                test_name: row.test_name.unwrap_or_default(),
                key: row.key.unwrap_or_default(),
                required,
                enabled: row.enabled.unwrap_or(false),
                requires_value: row.requires_value.unwrap_or(false),
                requires_attachment: row.requires_attachment.unwrap_or(false),
                result: row.result,
                value: row.value,
                notes: row.notes,
                date: row.date,
                user: row.user,
                results: row.results.unwrap_or(0),
            });
        }
        for item in &mut items {
            item.passed_all_required = item.passed_required >= item.required_tests;
        }
        let part = match (args.part_id, items.first()) {
            (Some(part), _) => part.0,
            (None, Some(item)) => item.part,
            (None, None) => {
                let item = args.stock_item_id.expect("one of them was given");
                return Err(ToolError::NotFound {
                    what: "stock item",
                    id: item.into(),
                });
            }
        };
        let templates = sqlx::query_file_as!(TestTemplate, "queries/testing/templates.sql", part)
            .fetch_all(cx.db().await?)
            .await?;
        Ok(TestResults {
            page: Page::counted(items, count, &window),
            templates,
        })
    }
}
