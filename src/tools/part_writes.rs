//! Part writes: create and update, leaving the rows InvenTree's part API leaves.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::PgConnection;

use super::args::{CategoryId, PartId, text_arg};
use super::parts::{self, Part};
use super::registry::{Entry, entry};
use super::tool::{Cx, Effect, Nature, Tool, Toolset};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![
        entry::<CreatePart>(),
        entry::<UpdatePart>(),
        entry::<DeleteParts>(),
    ]
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePartArgs {
    pub name: String,
    pub description: String,
    /// Its category (not a structural one).
    pub category_id: CategoryId,
    #[serde(rename = "IPN")]
    pub ipn: Option<String>,
    pub revision: Option<String>,
    pub active: Option<bool>,
    pub assembly: Option<bool>,
    pub component: Option<bool>,
    pub purchaseable: Option<bool>,
    pub salable: Option<bool>,
    pub trackable: Option<bool>,
    pub r#virtual: Option<bool>,
    /// Units of measure, e.g. "m".
    pub units: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePartArgs {
    pub part_id: PartId,
    pub name: Option<String>,
    pub description: Option<String>,
    pub active: Option<bool>,
    #[serde(rename = "IPN")]
    pub ipn: Option<String>,
    pub revision: Option<String>,
    pub units: Option<String>,
}

/// The part written (or, with dry_run, as it would be, without the id it would get).
#[derive(Debug, Serialize, JsonSchema)]
pub struct PartWrite {
    pub id: i32,
    pub name: String,
    pub description: String,
    pub active: bool,
    /// The whole part afterwards.
    pub part: Part,
}

/// Units as InvenTree stores them: short, one line. InvenTree also parses them with pint,
/// which is not repeated here: letters, digits, spaces and the usual unit operators pass.
fn units_arg(value: &str) -> Result<String, ToolError> {
    let units = text_arg("units", value, 20, false)?;
    let plausible = units
        .chars()
        .all(|c| c.is_alphanumeric() || " /*^.-_%()µ°Ω".contains(c));
    if !plausible {
        return Err(ToolError::invalid(
            "units",
            format!("`{units}` is not a unit of measure"),
        ));
    }
    Ok(units)
}

fn name_arg(value: &str) -> Result<String, ToolError> {
    let name = text_arg("name", value, 100, false)?;
    if name.is_empty() {
        return Err(ToolError::invalid("name", "must not be blank"));
    }
    Ok(name)
}

/// InvenTree's identity rules for the name, IPN and revision a part would have.
async fn check_identity(
    tx: &mut PgConnection,
    part: i32,
    name: &str,
    ipn: &str,
    revision: &str,
) -> Result<(), ToolError> {
    let found = sqlx::query_file!("queries/part_writes/checks.sql", name, ipn, revision, part)
        .fetch_one(&mut *tx)
        .await?;
    if let Some(other) = found.same_identity {
        return Err(ToolError::Conflict(format!(
            "part {other} already has name `{name}`, IPN `{ipn}` and revision `{revision}`; InvenTree requires the three together to be unique"
        )));
    }
    if let Some(other) = found.duplicate_ipn {
        return Err(ToolError::invalid(
            "IPN",
            format!(
                "part {other} already has IPN `{ipn}` and this InvenTree does not allow duplicate IPNs"
            ),
        ));
    }
    if !found.ipn_matches {
        return Err(ToolError::invalid(
            "IPN",
            format!(
                "`{ipn}` does not match this InvenTree's IPN pattern `{}`",
                found.ipn_regex.unwrap_or_default()
            ),
        ));
    }
    Ok(())
}

/// `create_part`: InvenTree's part API create.
pub struct CreatePart;

impl Tool for CreatePart {
    const NAME: &str = "create_part";
    const TITLE: &str = "Create a part";
    const DESCRIPTION: &str = "Create a part in a category. Flags default to active, component \
        and purchaseable true, the others false.";
    const TOOLSET: Toolset = Toolset::Parts;
    /// A new part goes into a category the caller must see.
    const REQUIRES: &[Permission] = &[
        Permission(Role::Part, Action::Add),
        Permission(Role::PartCategory, Action::View),
    ];
    const NATURE: Nature = Nature::Write(Effect::Additive);
    type Args = CreatePartArgs;
    type Output = PartWrite;

    /// A dry run creates no part: its answer has no id.
    fn unassigned(answer: &mut Value) {
        if let Some(answer) = answer.as_object_mut() {
            answer.remove("id");
        }
        if let Some(part) = answer.get_mut("part").and_then(Value::as_object_mut) {
            part.remove("id");
        }
    }

    async fn run(cx: &mut Cx<'_>, args: CreatePartArgs) -> Result<PartWrite, ToolError> {
        let creator = cx.user.id.map(|id| id.0);
        let tx = cx.db().await?;
        let name = name_arg(&args.name)?;
        let description = text_arg("description", &args.description, 250, false)?;
        let category = args.category_id.0;
        let ipn = text_arg("IPN", args.ipn.as_deref().unwrap_or(""), 100, false)?;
        let revision = text_arg(
            "revision",
            args.revision.as_deref().unwrap_or(""),
            100,
            false,
        )?;
        let units = units_arg(args.units.as_deref().unwrap_or(""))?;
        let found = sqlx::query_file!("queries/part_writes/category.sql", category)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(ToolError::NotFound {
                what: "category",
                id: category.into(),
            })?;
        if found.structural {
            return Err(ToolError::invalid(
                "category_id",
                format!(
                    "category {category} ({}) is structural: it holds no parts directly",
                    found.pathstring
                ),
            ));
        }
        sqlx::query_file!("queries/part_writes/lock_trees.sql")
            .execute(&mut *tx)
            .await?;
        check_identity(tx, 0, &name, &ipn, &revision).await?;
        let id = sqlx::query_file_scalar!(
            "queries/part_writes/insert.sql",
            name,
            description,
            ipn,
            units,
            args.trackable.unwrap_or(false),
            args.purchaseable.unwrap_or(true),
            args.salable.unwrap_or(false),
            args.active.unwrap_or(true),
            category,
            args.assembly.unwrap_or(false),
            args.component.unwrap_or(true),
            args.r#virtual.unwrap_or(false),
            revision,
            creator
        )
        .fetch_one(&mut *tx)
        .await?;
        answer(tx, id).await
    }
}

/// `update_part`: only the fields given change.
pub struct UpdatePart;

impl Tool for UpdatePart {
    const NAME: &str = "update_part";
    const TITLE: &str = "Update a part";
    const DESCRIPTION: &str = "Change a part's name, description, active flag, IPN, revision \
        or units; only the fields given change.";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = &[Permission(Role::Part, Action::Change)];
    const NATURE: Nature = Nature::Write(Effect::Destructive);
    type Args = UpdatePartArgs;
    type Output = PartWrite;

    async fn run(cx: &mut Cx<'_>, args: UpdatePartArgs) -> Result<PartWrite, ToolError> {
        let tx = cx.db().await?;
        let id = args.part_id.0;
        let name = args.name.as_deref().map(name_arg).transpose()?;
        let description = args
            .description
            .as_deref()
            .map(|d| text_arg("description", d, 250, false))
            .transpose()?;
        let ipn = args
            .ipn
            .as_deref()
            .map(|v| text_arg("IPN", v, 100, false))
            .transpose()?;
        let revision = args
            .revision
            .as_deref()
            .map(|v| text_arg("revision", v, 100, false))
            .transpose()?;
        let units = args.units.as_deref().map(units_arg).transpose()?;
        if name.is_none()
            && description.is_none()
            && args.active.is_none()
            && ipn.is_none()
            && revision.is_none()
            && units.is_none()
        {
            return Err(ToolError::invalid(
                "part_id",
                "name at least one field to change: name, description, active, IPN, revision, units",
            ));
        }
        let part = sqlx::query_file!("queries/part_writes/lock_part.sql", id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(ToolError::NotFound {
                what: "part",
                id: id.into(),
            })?;
        if part.locked {
            return Err(ToolError::Conflict(format!(
                "part {id} is locked: unlock it in InvenTree to edit it"
            )));
        }
        if let Some(units) = &units
            && Some(units) != part.units.as_ref()
            && part.has_supplier_parts
        {
            // InvenTree recomputes its supplier parts' pack sizes in the new units with pint.
            return Err(ToolError::Conflict(format!(
                "part {id} has supplier parts whose pack sizes depend on its units: change units in InvenTree"
            )));
        }
        if name.is_some() || ipn.is_some() || revision.is_some() {
            let final_name = name.clone().unwrap_or(part.name);
            let final_ipn = ipn.clone().or(part.ipn).unwrap_or_default();
            let final_revision = revision.clone().or(part.revision).unwrap_or_default();
            check_identity(tx, id, &final_name, &final_ipn, &final_revision).await?;
        }
        sqlx::query_file!(
            "queries/part_writes/update.sql",
            id,
            name,
            description,
            args.active,
            ipn,
            revision,
            units
        )
        .execute(&mut *tx)
        .await?;
        answer(tx, id).await
    }
}

async fn answer(tx: &mut PgConnection, id: i32) -> Result<PartWrite, ToolError> {
    let part = parts::details(&mut *tx, &[id])
        .await?
        .pop()
        .expect("the part was just written");
    Ok(PartWrite {
        id,
        name: part.name.clone(),
        description: part.description.clone(),
        active: part.active,
        part,
    })
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeletePartsArgs {
    /// Parts to delete (at most 100).
    pub part_ids: Vec<PartId>,
    /// Also remove them from the BOMs of assemblies using them (default false: skip those).
    pub delete_from_assemblies: Option<bool>,
}

/// A part left in place, and why.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Skipped {
    pub id: i64,
    pub name: Option<String>,
    pub reason: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct Deleted {
    pub deleted: Vec<i32>,
    pub deleted_count: usize,
    pub skipped: Vec<Skipped>,
    pub skipped_count: usize,
}

/// `delete_parts`: each part in a savepoint of its own, after InvenTree's refusals (locked,
/// used in assemblies' BOMs) and ours (stock, history, builds, order lines, variants, which
/// InvenTree would silently delete or orphan with the part).
pub struct DeleteParts;

impl Tool for DeleteParts {
    const NAME: &str = "delete_parts";
    const TITLE: &str = "Delete parts";
    const DESCRIPTION: &str = "Delete parts with what belongs to them; each part with stock, \
        history, builds, order lines or variants, locked, or in a BOM is skipped with the \
        reason.";
    const TOOLSET: Toolset = Toolset::Admin;
    const REQUIRES: &[Permission] = &[Permission(Role::Part, Action::Delete)];
    const NATURE: Nature = Nature::Write(Effect::Destructive);
    type Args = DeletePartsArgs;
    type Output = Deleted;

    async fn run(cx: &mut Cx<'_>, args: DeletePartsArgs) -> Result<Deleted, ToolError> {
        let tx = cx.db().await?;
        if args.part_ids.is_empty() || args.part_ids.len() > 100 {
            return Err(ToolError::invalid(
                "part_ids",
                format!("must list 1 to 100 parts, got {}", args.part_ids.len()),
            ));
        }
        let mut ids = Vec::new();
        for id in &args.part_ids {
            let id = id.0;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        // Locked in id order, so that two concurrent calls cannot deadlock; answered in the
        // caller's order.
        let asked = ids.clone();
        ids.sort_unstable();
        // Every foreign key checked as each part goes: a leftover reference fails its own
        // savepoint (and a dry run), not the whole call at commit.
        sqlx::query_file!("queries/part_writes/constraints_immediate.sql")
            .execute(&mut *tx)
            .await?;
        let from_assemblies = args.delete_from_assemblies.unwrap_or(false);
        let mut deleted = Vec::new();
        let mut skipped = Vec::new();
        for id in ids {
            let Some(part) = sqlx::query_file!("queries/part_writes/delete_checks.sql", id)
                .fetch_optional(&mut *tx)
                .await?
            else {
                skipped.push(Skipped {
                    id: id.into(),
                    name: None,
                    reason: "not found".into(),
                });
                continue;
            };
            let count =
                |n: i64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            let reason = if part.locked {
                Some("locked".to_string())
            } else if part.used_in_boms > 0 && !from_assemblies {
                Some(format!(
                    "used in {} (set delete_from_assemblies to remove it from them)",
                    count(part.used_in_boms, "assembly's BOM", "assemblies' BOMs")
                ))
            } else if part.stock_items > 0 {
                Some(format!(
                    "has {}",
                    count(part.stock_items, "stock item", "stock items")
                ))
            } else if part.history > 0 {
                Some(format!(
                    "has {}",
                    count(part.history, "stock history entry", "stock history entries")
                ))
            } else if part.builds > 0 {
                Some(format!(
                    "has {}",
                    count(part.builds, "build order", "build orders")
                ))
            } else if part.order_lines > 0 {
                Some(format!(
                    "is on {}",
                    count(part.order_lines, "order line", "order lines")
                ))
            } else if part.variants > 0 {
                Some(format!(
                    "is a template with {}",
                    count(part.variants, "variant", "variants")
                ))
            } else {
                None
            };
            if let Some(reason) = reason {
                skipped.push(Skipped {
                    id: id.into(),
                    name: Some(part.name),
                    reason,
                });
                continue;
            }
            // A savepoint per part: one part's failure leaves the others' deletions standing.
            let mut savepoint = sqlx::Connection::begin(&mut *tx).await?;
            match sqlx::query_file!("queries/part_writes/delete.sql", id)
                .execute(&mut *savepoint)
                .await
            {
                Ok(_) => {
                    savepoint.commit().await?;
                    deleted.push(id);
                }
                Err(error) => {
                    tracing::warn!(part = id, %error, "part delete refused by the database");
                    savepoint.rollback().await?;
                    skipped.push(Skipped {
                        id: id.into(),
                        name: Some(part.name),
                        reason: "the database refused the deletion (rows still refer to the part)"
                            .into(),
                    });
                }
            }
        }
        let position = |id: i64| asked.iter().position(|a| i64::from(*a) == id);
        deleted.sort_by_key(|id| position((*id).into()));
        skipped.sort_by_key(|s| position(s.id));
        Ok(Deleted {
            deleted_count: deleted.len(),
            deleted,
            skipped_count: skipped.len(),
            skipped,
        })
    }
}
