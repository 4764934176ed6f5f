//! Pages of lists: validated `limit` and `offset`, and answers that say how many rows match
//! in all and where the next page starts.

use rmcp::schemars::{self, JsonSchema};
use serde::Serialize;

use crate::error::ToolError;

/// The server's paging limits (`max_limit`, `count_limit`).
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    /// The largest `limit` a list accepts.
    pub max_limit: u32,
    /// How many matches past a page are counted before a count stops being exact.
    pub count_limit: u32,
}

/// A page of a list, never silently cut: `count` is how many rows matched in all, and
/// `next_offset` where the next page starts (null on the last page).
#[derive(Debug, Serialize, JsonSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// How many rows match in all, over every page.
    pub count: i64,
    /// The `offset` of the next page, or null when this page is the last.
    pub next_offset: Option<i64>,
    /// Present (false) when counting stopped early: more than `count` rows match.
    #[serde(skip_serializing_if = "is_true")]
    pub count_exact: bool,
}

fn is_true(b: &bool) -> bool {
    *b
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, count: i64, offset: i64) -> Page<T> {
        let end = offset + items.len() as i64;
        Page {
            items,
            count,
            next_offset: (end < count).then_some(end),
            count_exact: true,
        }
    }

    /// A page whose matches were counted up to `window.count_bound()` rows.
    pub fn counted(items: Vec<T>, counted: i64, window: &Window) -> Page<T> {
        let bound = window.count_bound();
        let mut page = Page::new(items, counted, window.offset);
        if counted >= bound {
            page.count = bound - 1;
            page.count_exact = false;
        }
        page
    }
}

/// A list query's one array: how many rows matched (as far as counted), then the page's ids.
/// Queries that run unprepared answer so, in a single column.
pub fn split_count(mut count_then_ids: Vec<i32>) -> (i64, Vec<i32>) {
    if count_then_ids.is_empty() {
        return (0, count_then_ids);
    }
    let count = count_then_ids.remove(0);
    (i64::from(count), count_then_ids)
}

/// Validated `limit` and `offset`.
pub struct Window {
    pub limit: i64,
    pub offset: i64,
    count_limit: i64,
}

impl Window {
    pub fn new(
        paging: Paging,
        limit: Option<i64>,
        offset: Option<i64>,
        default: i64,
    ) -> Result<Window, ToolError> {
        let max = i64::from(paging.max_limit);
        let limit = limit.unwrap_or(default.min(max));
        if limit < 1 || limit > max {
            return Err(ToolError::invalid(
                "limit",
                format!("must be between 1 and {max}, got {limit}"),
            ));
        }
        let offset = offset.unwrap_or(0);
        if offset < 0 {
            return Err(ToolError::invalid(
                "offset",
                format!("must be 0 or more, got {offset}"),
            ));
        }
        Ok(Window {
            limit,
            offset,
            count_limit: i64::from(paging.count_limit),
        })
    }

    /// How far a capped count goes: `count_limit` rows past the page, plus one to tell
    /// whether more match. Counting every match of a million stock items would read them all.
    pub fn count_bound(&self) -> i64 {
        self.offset
            .saturating_add(self.limit)
            .saturating_add(self.count_limit)
            .saturating_add(1)
    }
}
