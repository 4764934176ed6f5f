//! Part writes: create and update, leaving the rows InvenTree's part API leaves.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use super::parts::{self, Part};
use super::{id_arg, text_arg};
use crate::auth::User;
use crate::error::ToolError;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePartArgs {
    pub name: String,
    pub description: String,
    /// Its category (not a structural one).
    pub category_id: i64,
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
    /// Only check and show the result.
    pub dry_run: Option<bool>,
    /// Repeat-safe key.
    #[allow(dead_code)] // read from the raw arguments, before parsing, by call_write
    pub idempotency_key: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePartArgs {
    pub part_id: i64,
    pub name: Option<String>,
    pub description: Option<String>,
    pub active: Option<bool>,
    #[serde(rename = "IPN")]
    pub ipn: Option<String>,
    pub revision: Option<String>,
    pub units: Option<String>,
    /// Only check and show the result.
    pub dry_run: Option<bool>,
    /// Repeat-safe key.
    #[allow(dead_code)] // read from the raw arguments, before parsing, by call_write
    pub idempotency_key: Option<String>,
}

/// The part written (or, with dry_run, as it would be).
#[derive(Debug, Serialize, JsonSchema)]
pub struct PartWrite {
    /// Nothing was written.
    pub dry_run: bool,
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
pub async fn create(
    tx: &mut PgConnection,
    user: &User,
    args: CreatePartArgs,
) -> Result<PartWrite, ToolError> {
    let name = name_arg(&args.name)?;
    let description = text_arg("description", &args.description, 250, false)?;
    let category = id_arg("category_id", args.category_id)?;
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
    let creator = (user.id > 0).then_some(user.id);
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
    answer(tx, id, args.dry_run).await
}

/// `update_part`: only the fields given change.
pub async fn update(tx: &mut PgConnection, args: UpdatePartArgs) -> Result<PartWrite, ToolError> {
    let id = id_arg("part_id", args.part_id)?;
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
    answer(tx, id, args.dry_run).await
}

async fn answer(
    tx: &mut PgConnection,
    id: i32,
    dry_run: Option<bool>,
) -> Result<PartWrite, ToolError> {
    let part = parts::details(&mut *tx, &[id])
        .await?
        .pop()
        .expect("the part was just written");
    Ok(PartWrite {
        dry_run: dry_run.unwrap_or(false),
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
    pub part_ids: Vec<i64>,
    /// Also remove them from the BOMs of assemblies using them (default false: skip those).
    pub delete_from_assemblies: Option<bool>,
    /// Only check and show the result.
    pub dry_run: Option<bool>,
    /// Repeat-safe key.
    #[allow(dead_code)] // read from the raw arguments, before parsing, by call_write
    pub idempotency_key: Option<String>,
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
    /// Nothing was written.
    pub dry_run: bool,
    pub deleted: Vec<i32>,
    pub deleted_count: usize,
    pub skipped: Vec<Skipped>,
    pub skipped_count: usize,
}

/// `delete_parts`: each part in a savepoint of its own, after InvenTree's refusals (locked,
/// used in assemblies' BOMs) and ours (stock, history, builds, order lines, variants, which
/// InvenTree would silently delete or orphan with the part).
pub async fn delete(tx: &mut PgConnection, args: DeletePartsArgs) -> Result<Deleted, ToolError> {
    if args.part_ids.is_empty() || args.part_ids.len() > 100 {
        return Err(ToolError::invalid(
            "part_ids",
            format!("must list 1 to 100 parts, got {}", args.part_ids.len()),
        ));
    }
    let mut ids = Vec::new();
    for id in &args.part_ids {
        let id = id_arg("part_ids", *id)?;
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
        dry_run: args.dry_run.unwrap_or(false),
        deleted_count: deleted.len(),
        deleted,
        skipped_count: skipped.len(),
        skipped,
    })
}
