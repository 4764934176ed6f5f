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
    /// Lists taking `cursor`: pass it as `cursor` for the next page (cheap at any depth);
    /// absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
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
            next_cursor: None,
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

    /// A page of a list ordered by id that takes `cursor`, read with one id more than the
    /// window's limit (`ids`, the extra one telling that more follow); `fetch` turns the
    /// page's ids into items. After a cursor the page's offset is unknown, so there is no
    /// `next_offset`.
    pub async fn keyset<F, Fut>(
        mut ids: Vec<i32>,
        counted: i64,
        window: &Window,
        fetch: F,
    ) -> Result<Page<T>, ToolError>
    where
        F: FnOnce(Vec<i32>) -> Fut,
        Fut: std::future::Future<Output = Result<Vec<T>, ToolError>>,
    {
        let more = ids.len() as i64 > window.limit;
        ids.truncate(window.limit as usize);
        let next_cursor = more
            .then(|| ids.last().map(|id| format!("{CURSOR_PREFIX}{id}")))
            .flatten();
        let mut page = Page::counted(fetch(ids).await?, counted, window);
        page.next_cursor = next_cursor;
        if window.after.is_some() {
            page.next_offset = None;
        }
        Ok(page)
    }
}

const CURSOR_PREFIX: &str = "after:";

/// A list query's one array: how many rows matched (as far as counted), then the page's ids.
/// Queries that run unprepared answer so, in a single column.
pub fn split_count(mut count_then_ids: Vec<i32>) -> (i64, Vec<i32>) {
    if count_then_ids.is_empty() {
        return (0, count_then_ids);
    }
    let count = count_then_ids.remove(0);
    (i64::from(count), count_then_ids)
}

/// Validated `limit` and `offset`, and for lists ordered by id, the `cursor`'s id.
pub struct Window {
    pub limit: i64,
    pub offset: i64,
    /// Only ids above this one (keyset paging), from `cursor`.
    pub after: Option<i32>,
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
            after: None,
            count_limit: i64::from(paging.count_limit),
        })
    }

    /// Takes `cursor`, a `next_cursor` of an earlier page: the next page starts after it.
    pub fn after_cursor(mut self, cursor: Option<&str>) -> Result<Window, ToolError> {
        let Some(cursor) = cursor else {
            return Ok(self);
        };
        if self.offset != 0 {
            return Err(ToolError::invalid(
                "cursor",
                "cannot be combined with offset: give one or the other",
            ));
        }
        let id = cursor
            .strip_prefix(CURSOR_PREFIX)
            .and_then(|id| id.parse::<i32>().ok())
            .filter(|id| *id > 0)
            .ok_or_else(|| {
                ToolError::invalid(
                    "cursor",
                    format!(
                        "must be the next_cursor of an earlier page of this list \
                         (like \"{CURSOR_PREFIX}1234\"), got {cursor:?}"
                    ),
                )
            })?;
        self.after = Some(id);
        Ok(self)
    }

    /// The rows a keyset list reads: one more than the page, to tell whether more follow.
    pub fn fetch_limit(&self) -> i64 {
        self.limit + 1
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
