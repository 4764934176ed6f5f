//! `inventree-mcp check`: is the live database's schema the one our queries were written
//! against? Compares every table and column of `migrations-snapshot/` (names, types,
//! nullability) with the database, and names the InvenTree version from `django_migrations`.

use std::collections::BTreeMap;

use sqlx::PgPool;

const SNAPSHOT: &str = include_str!("../migrations-snapshot/0001_inventree_schema.sql");

/// The newest migration of each app in the snapshot's InvenTree (1.5.0 dev, API 511).
const SNAPSHOT_MIGRATIONS: &[(&str, &str)] = &[
    ("part", "0150_part_maximum_stock"),
    ("stock", "0123_remove_stockitem_review_needed"),
    (
        "order",
        "0120_purchaseorder_tags_returnorder_tags_salesorder_tags_and_more",
    ),
    ("build", "0059_build_tags"),
    ("company", "0080_company_tags"),
    ("users", "0015_alter_userprofile_type"),
];

/// A column as the snapshot declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub data_type: String,
    pub not_null: bool,
}

/// The snapshot's tables and their columns, read from its `CREATE TABLE` statements.
pub fn snapshot_tables() -> BTreeMap<String, BTreeMap<String, Column>> {
    let mut tables = BTreeMap::new();
    let mut current: Option<(String, BTreeMap<String, Column>)> = None;
    for line in SNAPSHOT.lines() {
        if let Some(name) = line
            .strip_prefix("CREATE TABLE ")
            .and_then(|rest| rest.strip_suffix(" ("))
        {
            current = Some((
                name.trim_start_matches("public.").to_string(),
                BTreeMap::new(),
            ));
        } else if line.starts_with(");") {
            if let Some((name, columns)) = current.take() {
                tables.insert(name, columns);
            }
        } else if let Some((_, columns)) = current.as_mut() {
            let line = line.trim().trim_end_matches(',');
            if line.starts_with("CONSTRAINT ") || line.is_empty() {
                continue;
            }
            let Some((name, rest)) = line.split_once(' ') else {
                continue;
            };
            let (data_type, not_null) = match rest.strip_suffix(" NOT NULL") {
                Some(data_type) => (data_type, true),
                None => (rest, false),
            };
            columns.insert(
                name.trim_matches('"').to_string(),
                Column {
                    data_type: data_type.to_string(),
                    not_null,
                },
            );
        }
    }
    tables
}

/// What the check found.
#[derive(Debug, Default)]
pub struct Report {
    /// One line per difference that breaks a query or a write.
    pub mismatches: Vec<String>,
    /// Differences that do not (columns we never use, added by a newer InvenTree).
    pub notes: Vec<String>,
    /// The InvenTree version, as far as `django_migrations` tells.
    pub version: String,
}

impl Report {
    pub fn compatible(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// Compares the database behind `pool` with the snapshot.
pub async fn run(pool: &PgPool) -> Result<Report, sqlx::Error> {
    let expected = snapshot_tables();
    let names: Vec<String> = expected.keys().cloned().collect();
    let live: Vec<(String, String, String, bool, bool)> = sqlx::query_as(
        "SELECT c.relname::text, a.attname::text, format_type(a.atttypid, a.atttypmod), \
                a.attnotnull, a.atthasdef OR a.attidentity <> '' \
         FROM pg_attribute a \
         JOIN pg_class c ON c.oid = a.attrelid \
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') \
           AND c.relname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped",
    )
    .bind(&names)
    .fetch_all(pool)
    .await?;
    let mut found: BTreeMap<&str, BTreeMap<&str, (&str, bool, bool)>> = BTreeMap::new();
    for (table, column, data_type, not_null, has_default) in &live {
        found
            .entry(table)
            .or_default()
            .insert(column, (data_type, *not_null, *has_default));
    }
    let mut report = Report::default();
    for (table, columns) in &expected {
        let Some(live_columns) = found.get(table.as_str()) else {
            report.mismatches.push(format!("table {table}: missing"));
            continue;
        };
        for (name, column) in columns {
            match live_columns.get(name.as_str()) {
                None => report
                    .mismatches
                    .push(format!("column {table}.{name}: missing")),
                Some((data_type, not_null, _)) => {
                    if *data_type != column.data_type {
                        report.mismatches.push(format!(
                            "column {table}.{name}: type {data_type}, expected {}",
                            column.data_type
                        ));
                    }
                    if *not_null != column.not_null {
                        let null = |n: bool| if n { "NOT NULL" } else { "nullable" };
                        report.mismatches.push(format!(
                            "column {table}.{name}: {}, expected {}",
                            null(*not_null),
                            null(column.not_null)
                        ));
                    }
                }
            }
        }
        for (name, (data_type, not_null, has_default)) in live_columns {
            if columns.contains_key(*name) {
                continue;
            }
            if *not_null && !has_default {
                // Our inserts do not name it, so PostgreSQL would refuse them.
                report.mismatches.push(format!(
                    "column {table}.{name}: {data_type} NOT NULL without a default is not in the snapshot"
                ));
            } else {
                report
                    .notes
                    .push(format!("column {table}.{name}: {data_type}, not used"));
            }
        }
    }
    report.version = version(pool).await?;
    Ok(report)
}

/// The part fields `search_parts` matches that PostgreSQL can search through a trigram index
/// (`gin (upper(<field>) gin_trgm_ops)`, created by the operator), and those it cannot. Only
/// when all are indexed can a search skip reading every part.
pub async fn search_indexes(
    pool: &PgPool,
) -> Result<(Vec<&'static str>, Vec<&'static str>), sqlx::Error> {
    const FIELDS: [(&str, &str); 5] = [
        ("name", "upper((name)::text)"),
        ("description", "upper((description)::text)"),
        ("IPN", "upper((\"IPN\")::text)"),
        ("revision", "upper((revision)::text)"),
        ("keywords", "upper((keywords)::text)"),
    ];
    let definitions: Vec<String> = sqlx::query_scalar(
        "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i \
         WHERE i.indrelid = to_regclass('part_part') AND i.indpred IS NULL",
    )
    .fetch_all(pool)
    .await?;
    let (mut indexed, mut missing) = (Vec::new(), Vec::new());
    for (field, expression) in FIELDS {
        let index = format!("({expression} gin_trgm_ops)");
        if definitions.iter().any(|d| d.contains(&index)) {
            indexed.push(field);
        } else {
            missing.push(field);
        }
    }
    Ok((indexed, missing))
}

/// What [`search_indexes`] found, in a sentence for the log.
pub fn search_indexes_note(indexed: &[&str], missing: &[&str]) -> String {
    if missing.is_empty() {
        "search_parts: pg_trgm indexes cover every part field searched".into()
    } else if indexed.is_empty() {
        "search_parts: no pg_trgm indexes on part_part, so each search reads every part \
         (optional indexes: docs/query-plans.md)"
            .into()
    } else {
        format!(
            "search_parts: pg_trgm indexes on {}, none on {}, so each search reads every part \
             (docs/query-plans.md)",
            indexed.join(", "),
            missing.join(", ")
        )
    }
}

/// The snapshot's tables the connected role may insert into, update or delete from. A
/// `read_only` deployment should use a role for which this is empty.
pub async fn writable_tables(pool: &PgPool) -> Result<Vec<String>, sqlx::Error> {
    let names: Vec<String> = snapshot_tables().into_keys().collect();
    sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c \
         WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1) \
           AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE') \
         ORDER BY 1",
    )
    .bind(&names)
    .fetch_all(pool)
    .await
}

/// Names the InvenTree version from the newest applied migration of each app.
async fn version(pool: &PgPool) -> Result<String, sqlx::Error> {
    let exists: bool = sqlx::query_scalar("SELECT to_regclass('django_migrations') IS NOT NULL")
        .fetch_one(pool)
        .await?;
    if !exists {
        // The demo database, and a schema loaded by hand: InvenTree never ran on it.
        return Ok("InvenTree's tables without InvenTree's migration history \
                   (no django_migrations table), as in the demo database"
            .into());
    }
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT app::text, max(name)::text FROM django_migrations \
         WHERE app = ANY($1) AND name ~ '^[0-9]{4}_' GROUP BY app",
    )
    .bind(
        SNAPSHOT_MIGRATIONS
            .iter()
            .map(|(app, _)| *app)
            .collect::<Vec<_>>(),
    )
    .fetch_all(pool)
    .await?;
    if rows.is_empty() {
        return Ok("unknown (no InvenTree migrations recorded)".into());
    }
    let mut older = Vec::new();
    let mut newer = Vec::new();
    for (app, name) in &rows {
        let Some((_, snapshot)) = SNAPSHOT_MIGRATIONS.iter().find(|(a, _)| a == app) else {
            continue;
        };
        match name[..4].cmp(&snapshot[..4]) {
            std::cmp::Ordering::Less => older.push(format!("{app} at {name}")),
            std::cmp::Ordering::Greater => newer.push(format!("{app} at {name}")),
            std::cmp::Ordering::Equal => {}
        }
    }
    Ok(match (older.is_empty(), newer.is_empty()) {
        (true, true) => "InvenTree 1.5 (API 511), the snapshot's version".into(),
        (false, true) => format!("older than InvenTree 1.5 ({})", older.join(", ")),
        (true, false) => format!("newer than InvenTree 1.5 ({})", newer.join(", ")),
        (false, false) => format!(
            "mixed: older ({}), newer ({})",
            older.join(", "),
            newer.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_declares_every_table_with_typed_columns() {
        let tables = snapshot_tables();
        assert_eq!(tables.len(), 69);
        let part = &tables["part_part"];
        assert_eq!(
            part["IPN"],
            Column {
                data_type: "character varying(100)".into(),
                not_null: false
            }
        );
        assert_eq!(
            part["name"],
            Column {
                data_type: "character varying(100)".into(),
                not_null: true
            }
        );
        assert!(!part.keys().any(|c| c.starts_with("CONSTRAINT")));
    }
}
