//! Category and location trees: depth-first rows nested into nodes.

use std::collections::{HashMap, HashSet};

use rmcp::schemars::{self, JsonSchema};
use serde::Serialize;

use crate::error::ToolError;

/// A node of a category or location tree.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TreeNode {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub children: Vec<TreeNode>,
}

/// A tree answer: the top nodes, each with its children.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TreeAnswer {
    pub nodes: Vec<TreeNode>,
    /// How many nodes the tree holds in all.
    pub count: usize,
}

/// One row of a tree query: rows come depth first, so a parent precedes its children.
pub struct TreeRow {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub parent: Option<i32>,
}

/// Nests depth-first rows: each row whose parent is not among the rows is a top node.
pub fn nest(rows: Vec<TreeRow>) -> TreeAnswer {
    let count = rows.len();
    let mut children: HashMap<Option<i32>, Vec<TreeRow>> = HashMap::new();
    let ids: HashSet<i32> = rows.iter().map(|r| r.id).collect();
    for row in rows {
        let parent = row.parent.filter(|p| ids.contains(p));
        children.entry(parent).or_default().push(row);
    }
    fn build(
        parent: Option<i32>,
        children: &mut HashMap<Option<i32>, Vec<TreeRow>>,
    ) -> Vec<TreeNode> {
        let rows = children.remove(&parent).unwrap_or_default();
        rows.into_iter()
            .map(|row| TreeNode {
                children: build(Some(row.id), children),
                id: row.id,
                name: row.name,
                description: row.description,
            })
            .collect()
    }
    TreeAnswer {
        nodes: build(None, &mut children),
        count,
    }
}

/// The ids a walk found, or NotFound when it found none: the node it started from does not
/// exist.
fn found(ids: Vec<i32>, what: &'static str, id: i32) -> Result<Vec<i32>, ToolError> {
    if ids.is_empty() {
        return Err(ToolError::NotFound {
            what,
            id: id.into(),
        });
    }
    Ok(ids)
}

/// The id of location `id` and, with `cascade`, of every location below it; NotFound when
/// there is no such location (a filter naming it lists nothing that exists). Lists take these ids as a parameter rather than walking the tree
/// themselves, so that PostgreSQL plans them knowing which locations, and how many rows,
/// they cover.
pub async fn location_subtree(
    db: &mut sqlx::PgConnection,
    id: i32,
    cascade: bool,
) -> Result<Vec<i32>, ToolError> {
    let ids = sqlx::query_file_scalar!("queries/trees/location_subtree.sql", id, cascade)
        .fetch_one(db)
        .await?;
    found(ids, "location", id)
}

/// The id of category `id` and, with `cascade`, of every category below it; NotFound when
/// there is no such category. See [`location_subtree`].
pub async fn category_subtree(
    db: &mut sqlx::PgConnection,
    id: i32,
    cascade: bool,
) -> Result<Vec<i32>, ToolError> {
    let ids = sqlx::query_file_scalar!("queries/trees/category_subtree.sql", id, cascade)
        .fetch_one(db)
        .await?;
    found(ids, "category", id)
}

/// The id of part `id` and, with `variants`, of its variants at every depth; NotFound when
/// there is no such part. See [`location_subtree`].
pub async fn part_family(
    db: &mut sqlx::PgConnection,
    id: i32,
    variants: bool,
) -> Result<Vec<i32>, ToolError> {
    let ids = sqlx::query_file_scalar!("queries/trees/part_family.sql", id, variants)
        .fetch_one(db)
        .await?;
    found(ids, "part", id)
}
