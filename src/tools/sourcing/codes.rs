//! Finding parts by a code: a supplier's SKU, a manufacturer's MPN, an IPN, a name, or a
//! barcode as InvenTree's own barcode plugin resolves it.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;
use crate::tools::barcodes::{hash_input, json_form, python_strip};
use crate::tools::tool::{Cx, Nature, Tool, Toolset};

/// The models an InvenTree JSON barcode may name (`{"part": 12}`) that lead to a part or a
/// location. Orders, builds and shipments have barcodes too, but no part.
const BARCODE_MODELS: [&str; 5] = [
    "part",
    "stockitem",
    "stocklocation",
    "supplierpart",
    "manufacturerpart",
];

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindPartByCodeArgs {
    /// The code: SKU, MPN, IPN, part name or scanned barcode data.
    pub code: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CodeMatch {
    /// What the code matched: SKU, MPN, IPN, name, "InvenTree barcode" (InvenTree's own
    /// format, e.g. {"part": 12} or INV-PA12) or barcode (a barcode assigned to the row).
    pub matched: String,
    /// The row matched, as InvenTree names its model: part, supplierpart,
    /// manufacturerpart, stockitem or stocklocation.
    pub model: String,
    /// That row's id.
    pub pk: i32,
    /// The part (null for a location).
    pub part: Option<i32>,
    pub part_name: Option<String>,
    #[serde(rename = "IPN")]
    pub ipn: Option<String>,
    pub part_active: Option<bool>,
    /// The supplier of a supplier part, the manufacturer of a manufacturer part.
    pub company: Option<i32>,
    pub company_name: Option<String>,
    /// The location matched, or the stock item's location.
    pub location: Option<i32>,
    pub location_path: Option<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CodeMatches {
    /// Every exact match, SKU matches first, then MPN, IPN, name and barcodes.
    pub matches: Vec<CodeMatch>,
}

pub struct FindPartByCode;

impl Tool for FindPartByCode {
    const NAME: &str = "find_part_by_code";
    const TITLE: &str = "Find a part by code";
    const DESCRIPTION: &str = "Parts whose supplier SKU (exact), MPN, IPN or name (any case) \
        equals the code, or found by barcode data: InvenTree's own ({\"part\": 12}, INV-PA12) \
        or assigned to a part, stock item, supplier part or location. Says what matched.";
    const TOOLSET: Toolset = Toolset::Sourcing;
    /// Parts (with their supplier and manufacturer parts), stock items and locations.
    const REQUIRES: &[Permission] = &[
        Permission(Role::Part, Action::View),
        Permission(Role::Stock, Action::View),
        Permission(Role::StockLocation, Action::View),
    ];
    const NATURE: Nature = Nature::Read;
    type Args = FindPartByCodeArgs;
    type Output = CodeMatches;

    async fn run(cx: &mut Cx<'_>, args: FindPartByCodeArgs) -> Result<CodeMatches, ToolError> {
        // Django's filters strip what they compare; a barcode is hashed as scanned.
        let code = python_strip(&args.code);
        if code.is_empty() {
            return Err(ToolError::invalid(
                "code",
                "must not be empty: give a SKU, MPN, IPN, part name or barcode",
            ));
        }
        let (labels, pks): (Vec<String>, Vec<i64>) = json_form(code)
            .into_iter()
            .map(|(model, pk)| (model.label().to_string(), pk))
            .filter(|(label, _)| BARCODE_MODELS.contains(&label.as_str()))
            .unzip();
        let matches = sqlx::query_file_as!(
            CodeMatch,
            "queries/sourcing/find_code.sql",
            code,
            hash_input(&args.code),
            &labels,
            &pks
        )
        .fetch_all(cx.db().await?)
        .await?;
        Ok(CodeMatches { matches })
    }
}
