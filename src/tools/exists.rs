//! What a filter names must exist: a list filtered by a part, category, location, stock item
//! or company that does not exist answers that it does not, as `get_part` does, rather than an
//! empty page that reads as "none". Checked only when the filtered page came back empty (a
//! page with rows proves the filter's object exists), one primary-key lookup per filter given.

use super::tool::Cx;
use crate::error::ToolError;

/// An object a filter names, by its id.
#[derive(Debug, Clone, Copy)]
pub enum Named {
    Part(i32),
    Category(i32),
    Location(i32),
    StockItem(i32),
    /// A supplier, manufacturer or customer.
    Company(i32),
}

impl Named {
    fn what(self) -> &'static str {
        match self {
            Named::Part(_) => "part",
            Named::Category(_) => "category",
            Named::Location(_) => "location",
            Named::StockItem(_) => "stock item",
            Named::Company(_) => "company",
        }
    }

    fn id(self) -> i32 {
        match self {
            Named::Part(id)
            | Named::Category(id)
            | Named::Location(id)
            | Named::StockItem(id)
            | Named::Company(id) => id,
        }
    }
}

/// NotFound for the first of the `named` objects (those given) that does not exist. Call it
/// when a filtered page has no rows.
pub async fn ensure(
    cx: &mut Cx<'_>,
    named: impl IntoIterator<Item = Option<Named>>,
) -> Result<(), ToolError> {
    for named in named.into_iter().flatten() {
        let db = cx.db().await?;
        let id = named.id();
        let exists = match named {
            Named::Part(_) => sqlx::query_file_scalar!("queries/exists/part.sql", id),
            Named::Category(_) => sqlx::query_file_scalar!("queries/exists/category.sql", id),
            Named::Location(_) => sqlx::query_file_scalar!("queries/exists/location.sql", id),
            Named::StockItem(_) => sqlx::query_file_scalar!("queries/exists/stock_item.sql", id),
            Named::Company(_) => sqlx::query_file_scalar!("queries/exists/company.sql", id),
        }
        .fetch_one(db)
        .await?;
        if !exists {
            return Err(ToolError::NotFound {
                what: named.what(),
                id: id.into(),
            });
        }
    }
    Ok(())
}

/// For a BOM that came back empty: NotFound without such a part, an error naming `argument`
/// when the part is no assembly (InvenTree gives BOMs to assemblies only); Ok for an assembly
/// whose BOM is empty.
pub async fn ensure_assembly(
    cx: &mut Cx<'_>,
    argument: &str,
    part: i32,
    name: &str,
) -> Result<(), ToolError> {
    let assembly = sqlx::query_file_scalar!("queries/exists/assembly.sql", part)
        .fetch_optional(cx.db().await?)
        .await?;
    match assembly {
        None => Err(ToolError::NotFound {
            what: "part",
            id: part.into(),
        }),
        Some(false) => Err(ToolError::invalid(
            argument,
            format!(
                "part {part} ({name}) is not an assembly, so it has no BOM; \
                 where_used tells which assemblies use it"
            ),
        )),
        Some(true) => Ok(()),
    }
}
