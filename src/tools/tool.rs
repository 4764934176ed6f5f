//! What a tool is: the [`Tool`] trait, its nature and toolset, and the context its body
//! runs with.

use rmcp::schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::paging::Paging;
use crate::auth::{Permission, User};
use crate::db::CallConnection;
use crate::error::ToolError;

/// One MCP tool.
pub trait Tool: Send + Sync + 'static {
    const NAME: &'static str;
    /// A short human title.
    const TITLE: &'static str;
    /// What it answers, for the model; the registry appends the permissions it needs.
    const DESCRIPTION: &'static str;
    const TOOLSET: Toolset;
    /// InvenTree permissions the caller must hold to see and call it.
    const REQUIRES: &'static [Permission];
    const NATURE: Nature;
    /// Takes `fields`: return only the named fields of the answer (of each item of a page).
    const FIELDS: bool = false;
    type Args: DeserializeOwned + JsonSchema + Send;
    type Output: Serialize + JsonSchema + Send;

    /// The body: arguments already parsed, permissions checked; for a write, inside its
    /// transaction (committed, or rolled back for `dry_run`, by the registry).
    fn run(
        cx: &mut Cx<'_>,
        args: Self::Args,
    ) -> impl Future<Output = Result<Self::Output, ToolError>> + Send;

    /// For a write's dry run: takes the ids of the rows it would create out of its answer.
    /// They come from sequences, so the rolled-back rows' ids will never exist; a write's
    /// output schema requires no `id` (see `schema::build`).
    fn unassigned(_answer: &mut serde_json::Value) {}
}

/// Whether a tool changes InvenTree's data, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nature {
    Read,
    Write(Effect),
}

/// What a write does to existing data, for the annotations clients show their users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// Only adds or moves; nothing is lost.
    Additive,
    /// May remove or overwrite data.
    Destructive,
}

/// Groups of tools a deployment can offer or leave out (`toolsets`), so a client's context
/// holds only what its users ask about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Toolset {
    /// Parts, categories and tags; creating and changing parts.
    Parts,
    /// Stock locations, stock items and stock sums; adjusting and moving stock.
    Stock,
    /// Purchase, sales and return orders.
    Orders,
    /// Bills of materials and build orders.
    Build,
    /// Companies, supplier and manufacturer parts, prices.
    Sourcing,
    /// Answers across BOMs, stock, orders and prices: can it be built, what to buy, what it
    /// costs, what is low, where a part is used.
    Planning,
    /// Bulk catalogue changes that remove data (deleting parts).
    Admin,
}

impl Toolset {
    pub const ALL: [Toolset; 7] = [
        Toolset::Parts,
        Toolset::Stock,
        Toolset::Orders,
        Toolset::Build,
        Toolset::Sourcing,
        Toolset::Planning,
        Toolset::Admin,
    ];
    /// What `toolsets = "default"` offers: everything but `admin`.
    pub const DEFAULT: [Toolset; 6] = [
        Toolset::Parts,
        Toolset::Stock,
        Toolset::Orders,
        Toolset::Build,
        Toolset::Sourcing,
        Toolset::Planning,
    ];

    /// The toolsets a `toolsets` setting names: `all`, `default`, or toolset names.
    pub fn parse_list(names: &[String]) -> Result<Vec<Toolset>, String> {
        let mut chosen = Vec::new();
        for name in names {
            let named: &[Toolset] = match name.as_str() {
                "all" => &Toolset::ALL,
                "default" => &Toolset::DEFAULT,
                other => match Toolset::ALL.iter().find(|t| t.name() == other) {
                    Some(toolset) => std::slice::from_ref(toolset),
                    None => {
                        let names: Vec<&str> = Toolset::ALL.iter().map(|t| t.name()).collect();
                        return Err(format!(
                            "`toolsets` names `{other}`; use all, default or some of {}",
                            names.join(", ")
                        ));
                    }
                },
            };
            for toolset in named {
                if !chosen.contains(toolset) {
                    chosen.push(*toolset);
                }
            }
        }
        if chosen.is_empty() {
            return Err("`toolsets` names no toolset; use all, default or a list".into());
        }
        Ok(chosen)
    }

    pub fn name(self) -> &'static str {
        match self {
            Toolset::Parts => "parts",
            Toolset::Stock => "stock",
            Toolset::Orders => "orders",
            Toolset::Build => "build",
            Toolset::Sourcing => "sourcing",
            Toolset::Planning => "planning",
            Toolset::Admin => "admin",
        }
    }
}

/// What a tool's body works with: the caller, the paging limits, and one connection (for a
/// write, its transaction).
pub struct Cx<'a> {
    pub user: &'a User,
    pub paging: Paging,
    /// InvenTree's own address (`inventree_url`), for links into it.
    pub inventree_url: Option<&'a str>,
    pub(super) db: Db<'a>,
}

pub(super) enum Db<'a> {
    /// Taken from the read pool at the first query; see [`CallConnection`].
    Read(CallConnection<'a>),
    /// The write's transaction.
    Write(&'a mut sqlx::PgConnection),
}

impl<'a> Cx<'a> {
    /// The connection to query through.
    pub async fn db(&mut self) -> Result<&mut sqlx::PgConnection, sqlx::Error> {
        match &mut self.db {
            Db::Read(connection) => connection.conn().await,
            Db::Write(tx) => Ok(&mut **tx),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(names: &[&str]) -> Result<Vec<Toolset>, String> {
        Toolset::parse_list(&names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn toolsets_are_all_default_or_named() {
        assert_eq!(parse(&["all"]).unwrap(), Toolset::ALL);
        assert_eq!(parse(&["default"]).unwrap(), Toolset::DEFAULT);
        assert_eq!(
            parse(&["stock", "parts", "stock"]).unwrap(),
            [Toolset::Stock, Toolset::Parts]
        );
        assert_eq!(parse(&["default", "admin"]).unwrap(), Toolset::ALL);
        assert_eq!(
            parse(&["stock", "purchasing"]).unwrap_err(),
            "`toolsets` names `purchasing`; use all, default or some of parts, stock, orders, \
             build, sourcing, planning, admin"
        );
        assert_eq!(
            parse(&[]).unwrap_err(),
            "`toolsets` names no toolset; use all, default or a list"
        );
    }
}
