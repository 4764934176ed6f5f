//! The registry: every offered tool by name, the one rule deciding who sees and may call
//! which, and the envelope every call runs in: one connection per read, one transaction per
//! write, `dry_run`, `idempotency_key` and `fields` handled here and nowhere else.

use std::collections::{HashMap, HashSet};
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;

use rmcp::ErrorData;
use rmcp::model::{CallToolResult, JsonObject};
use sqlx::{Connection, PgPool};

use super::answer::{self, Projection};
use super::args;
use super::idempotency::Idempotency;
use super::paging::Paging;
use super::schema;
use super::tool::{Cx, Db, Nature, Tool, Toolset};
use crate::auth::{Permission, User};
use crate::db::CallConnection;
use crate::error::ToolError;
use crate::metrics::Metrics;

/// A tool's place in the registry; indexes its metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ToolId(pub usize);

/// What the registry knows of a tool without running it.
pub struct Def {
    /// Its `tools/list` entry.
    pub tool: rmcp::model::Tool,
    pub requires: &'static [Permission],
    pub toolset: Toolset,
    pub nature: Nature,
    /// Its arguments' names, envelope arguments included, in schema order.
    arguments: Vec<String>,
    /// For a tool taking `fields`: the names an answer (or each item of a page) has.
    fields: Option<Vec<String>>,
}

/// A tool as the registry holds it: its definition and its body, typed away.
pub struct Entry {
    pub def: Def,
    route: Box<dyn Route>,
}

/// The registry entry of the tool `T`.
pub fn entry<T: Tool>() -> Entry {
    let built = schema::build::<T>();
    Entry {
        def: Def {
            tool: built.tool,
            requires: T::REQUIRES,
            toolset: T::TOOLSET,
            nature: T::NATURE,
            arguments: built.arguments,
            fields: built.fields,
        },
        route: Box::new(Routed::<T>(PhantomData)),
    }
}

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where a call's body runs.
enum Target<'a> {
    Read(&'a PgPool),
    Write { pool: &'a PgPool, dry_run: bool },
}

/// A tool's body behind its argument type: parses the arguments, runs the body on its
/// connection or in its transaction, and gives the answer as JSON.
trait Route: Send + Sync {
    fn run<'a>(
        &'a self,
        user: &'a User,
        site: &'a Site,
        target: Target<'a>,
        args: JsonObject,
        schema: &'a JsonObject,
    ) -> BoxFuture<'a, Result<serde_json::Value, ToolError>>;
}

struct Routed<T>(PhantomData<fn() -> T>);

impl<T: Tool> Route for Routed<T> {
    fn run<'a>(
        &'a self,
        user: &'a User,
        site: &'a Site,
        target: Target<'a>,
        args: JsonObject,
        schema: &'a JsonObject,
    ) -> BoxFuture<'a, Result<serde_json::Value, ToolError>> {
        Box::pin(async move {
            let args: T::Args = args::parse(args, schema)?;
            let dry_run = matches!(target, Target::Write { dry_run: true, .. });
            let output = match target {
                Target::Read(pool) => {
                    // One connection for the whole call; see CallConnection for what happens
                    // when the call is dropped before it ends.
                    let mut cx = Cx {
                        user,
                        paging: site.paging,
                        inventree_url: site.inventree_url.as_deref(),
                        db: Db::Read(CallConnection::new(pool)),
                    };
                    let output = T::run(&mut cx, args).await;
                    if let Db::Read(connection) = cx.db {
                        connection.finish();
                    }
                    output?
                }
                Target::Write { pool, dry_run } => {
                    let mut connection = CallConnection::new(pool);
                    let output = write::<T>(&mut connection, user, site, args, dry_run).await;
                    connection.finish();
                    output?
                }
            };
            let mut answer = serde_json::to_value(output).expect("answers serialize");
            if dry_run {
                T::unassigned(&mut answer);
            }
            Ok(answer)
        })
    }
}

/// A write in one transaction: committed, or rolled back after computing the answer when
/// `dry_run` (so the answer shows exactly what would be written).
async fn write<T: Tool>(
    connection: &mut CallConnection<'_>,
    user: &User,
    site: &Site,
    args: T::Args,
    dry_run: bool,
) -> Result<T::Output, ToolError> {
    let mut tx = connection.conn().await?.begin().await?;
    // A failure drops the transaction, which rolls it back.
    let output = {
        let mut cx = Cx {
            user,
            paging: site.paging,
            inventree_url: site.inventree_url.as_deref(),
            db: Db::Write(&mut tx),
        };
        T::run(&mut cx, args).await?
    };
    if dry_run {
        tx.rollback().await?;
    } else {
        tx.commit().await?;
    }
    Ok(output)
}

/// What tool bodies know of the deployment.
#[derive(Debug, Clone)]
pub struct Site {
    pub paging: Paging,
    /// InvenTree's address, without a trailing slash.
    pub inventree_url: Option<String>,
}

/// Which tools a deployment offers (`toolsets`, `exclude_tools`).
#[derive(Debug, Clone)]
pub struct Selection {
    pub toolsets: Vec<Toolset>,
    pub exclude: Vec<String>,
}

/// The offered tools by name.
pub struct Registry {
    entries: Vec<Entry>,
    by_name: HashMap<&'static str, ToolId>,
}

impl Registry {
    /// The tools of `catalog` that `selection` offers. An excluded name that is no tool is
    /// an error naming it.
    pub fn new(catalog: Vec<Entry>, selection: &Selection) -> Result<Registry, String> {
        let known: HashSet<&str> = catalog.iter().map(|e| e.def.name()).collect();
        if let Some(unknown) = selection
            .exclude
            .iter()
            .find(|name| !known.contains(name.as_str()))
        {
            let mut names: Vec<&str> = known.into_iter().collect();
            names.sort_unstable();
            return Err(format!(
                "exclude_tools names `{unknown}`, which is no tool; tools: {}",
                names.join(", ")
            ));
        }
        let entries: Vec<Entry> = catalog
            .into_iter()
            .filter(|e| selection.toolsets.contains(&e.def.toolset))
            .filter(|e| !selection.exclude.iter().any(|x| x == e.def.name()))
            .collect();
        let mut by_name = HashMap::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            let name = entry.def.name();
            assert!(
                by_name.insert(name, ToolId(index)).is_none(),
                "two tools are named {name}"
            );
        }
        Ok(Registry { entries, by_name })
    }

    pub fn get(&self, name: &str) -> Option<(ToolId, &Entry)> {
        let id = *self.by_name.get(name)?;
        Some((id, &self.entries[id.0]))
    }

    /// The offered tools' names, by [`ToolId`].
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|e| e.def.name())
    }
}

impl Def {
    pub fn name(&self) -> &'static str {
        match &self.tool.name {
            std::borrow::Cow::Borrowed(name) => name,
            std::borrow::Cow::Owned(_) => unreachable!("tool names are static"),
        }
    }
}

/// Whether a caller may call a tool, and if not, why.
pub enum Access<'r> {
    Allowed(ToolId, &'r Entry),
    /// Not offered here (or no tool at all).
    Unknown,
    /// A write, and this server is read-only.
    ReadOnly,
    /// A tool for any signed-in user, and the caller is nobody.
    Anonymous,
    /// The caller lacks this permission.
    Denied(Permission),
    /// The caller's roles allow it, its OAuth access token's scopes do not: these are the
    /// scopes it needs.
    OutOfScope(Vec<String>),
}

/// The tools as the server offers them: the registry, the pools calls run on, and what the
/// envelope needs.
pub struct Tools {
    registry: Registry,
    read: PgPool,
    write: Option<PgPool>,
    site: Site,
    idempotency: Idempotency,
    metrics: Arc<Metrics>,
}

impl Tools {
    pub fn new(
        registry: Registry,
        read: PgPool,
        write: Option<PgPool>,
        site: Site,
        idempotency: Idempotency,
        metrics: Arc<Metrics>,
    ) -> Tools {
        Tools {
            registry,
            read,
            write,
            site,
            idempotency,
            metrics,
        }
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The one rule for who sees and may call what: a tool this server offers, a write only
    /// when it writes at all, and every permission the tool requires, held by the caller's
    /// roles and, through an OAuth access token, allowed by its scopes (`g:read` for a tool
    /// requiring no role).
    pub fn access(&self, user: &User, name: &str) -> Access<'_> {
        let Some((id, entry)) = self.registry.get(name) else {
            return Access::Unknown;
        };
        if entry.def.requires.is_empty() && user.id.is_none() {
            return Access::Anonymous;
        }
        if let Some(missing) = user.permissions.missing(entry.def.requires) {
            return Access::Denied(missing);
        }
        let needed = user.permissions.missing_scopes(entry.def.requires);
        if !needed.is_empty() {
            return Access::OutOfScope(needed);
        }
        if matches!(entry.def.nature, Nature::Write(_)) && self.write.is_none() {
            return Access::ReadOnly;
        }
        Access::Allowed(id, entry)
    }

    /// The tools `user` sees, in catalog order.
    pub fn visible<'a>(&'a self, user: &'a User) -> impl Iterator<Item = &'a Def> + 'a {
        self.registry
            .names()
            .filter_map(move |name| match self.access(user, name) {
                Access::Allowed(_, entry) => Some(&entry.def),
                _ => None,
            })
    }

    pub fn may_call(&self, user: &User, name: &str) -> bool {
        matches!(self.access(user, name), Access::Allowed(..))
    }

    /// Runs one tool call for `user`. `Err` only for protocol faults (unknown tool); everything
    /// the caller can correct, and refusals, come back as `isError` results. A caller lacking
    /// a permission learns which, and nothing else: not even whether its arguments were valid.
    pub async fn call(
        &self,
        user: &User,
        name: &str,
        arguments: Option<JsonObject>,
    ) -> Result<CallToolResult, ErrorData> {
        let entry = match self.access(user, name) {
            Access::Allowed(_, entry) => entry,
            Access::Unknown => {
                return Err(ErrorData::invalid_params(
                    format!("tool not found: {name}"),
                    None,
                ));
            }
            Access::Denied(missing) => {
                return Ok(ToolError::PermissionDenied(missing).into_result(name));
            }
            Access::OutOfScope(needed) => {
                return Ok(ToolError::OutOfScope(needed).into_result(name));
            }
            Access::ReadOnly => return Ok(ToolError::ReadOnly.into_result(name)),
            Access::Anonymous => return Ok(ToolError::Anonymous.into_result(name)),
        };
        let outcome = self
            .envelope(user, entry, arguments.unwrap_or_default())
            .await;
        Ok(outcome.unwrap_or_else(|error| {
            if matches!(error, ToolError::Database(_)) {
                self.metrics.database_error();
            }
            error.into_result(name)
        }))
    }

    async fn envelope(
        &self,
        user: &User,
        entry: &Entry,
        mut arguments: JsonObject,
    ) -> Result<CallToolResult, ToolError> {
        let def = &entry.def;
        args::check_names(&arguments, &def.arguments)?;
        let fields = match &def.fields {
            Some(known) => Projection::take(&mut arguments, known, &def.tool.input_schema)?,
            None => None,
        };
        if matches!(def.nature, Nature::Write(_)) {
            return self.write(user, entry, arguments).await;
        }
        let target = Target::Read(&self.read);
        let schema = &def.tool.input_schema;
        let mut answer = entry
            .route
            .run(user, &self.site, target, arguments, schema)
            .await?;
        if let Some(fields) = fields {
            fields.project(&mut answer);
        }
        Ok(answer::data_result(answer))
    }

    /// A write: a call repeating an `idempotency_key` (same user, tool and arguments) gets
    /// the first call's result back.
    async fn write(
        &self,
        user: &User,
        entry: &Entry,
        mut arguments: JsonObject,
    ) -> Result<CallToolResult, ToolError> {
        let Some(pool) = &self.write else {
            return Err(ToolError::ReadOnly);
        };
        let name = entry.def.name();
        let fingerprint = Idempotency::fingerprint(user, name, &arguments);
        let schema = &entry.def.tool.input_schema;
        let dry_run = args::take::<bool>(&mut arguments, "dry_run", schema)?.unwrap_or(false);
        let key = args::take::<String>(&mut arguments, "idempotency_key", schema)?;
        if let Some(key) = &key
            && !(1..=200).contains(&key.len())
        {
            return Err(ToolError::invalid(
                "idempotency_key",
                "must be 1 to 200 characters",
            ));
        }
        if let Some(key) = &key
            && let Some(earlier) = self.idempotency.claim(key, &fingerprint)?
        {
            return Ok(earlier);
        }
        let target = Target::Write { pool, dry_run };
        let outcome = entry
            .route
            .run(user, &self.site, target, arguments, schema)
            .await
            .map(|answer| answer::data_result(answer::with_dry_run(answer, dry_run)));
        if let Some(key) = key {
            match &outcome {
                Ok(result) if !dry_run => self.idempotency.finish(key, fingerprint, result.clone()),
                _ => self.idempotency.release(&key),
            }
        }
        outcome
    }
}
