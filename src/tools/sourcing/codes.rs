//! Finding parts by a code: a supplier's SKU, a manufacturer's MPN, an IPN, a name, or a
//! barcode as InvenTree's own barcode plugin resolves it.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use unicode_general_category::{GeneralCategory, get_general_category};

use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;
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
        let (labels, pks): (Vec<String>, Vec<i64>) = json_barcode(code).into_iter().unzip();
        let matches = sqlx::query_file_as!(
            CodeMatch,
            "queries/sourcing/find_code.sql",
            code,
            barcode_hash_input(&args.code),
            &labels,
            &pks
        )
        .fetch_all(cx.db().await?)
        .await?;
        Ok(CodeMatches { matches })
    }
}

/// The (model, pk) pairs of an InvenTree JSON barcode such as `{"part": 12}`: each model it
/// names, with its value read as Python's `int()` reads it (an integer, a float truncated,
/// or a string of digits); anything else names nothing.
fn json_barcode(code: &str) -> Vec<(String, i64)> {
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(code) else {
        return Vec::new();
    };
    BARCODE_MODELS
        .iter()
        .filter_map(|model| {
            let pk = match object.get(*model)? {
                Value::Number(n) => n.as_i64().or_else(|| {
                    n.as_f64()
                        .filter(|f| f.is_finite())
                        .map(|f| f.trunc() as i64)
                }),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            }?;
            Some((model.to_string(), pk))
        })
        .collect()
}

/// The text InvenTree hashes (MD5) for a barcode (`hash_barcode`): trimmed, then without
/// control characters, newlines included, nor any other character of Unicode's "Other"
/// categories (format, surrogate, private use, unassigned).
fn barcode_hash_input(data: &str) -> String {
    python_strip(data)
        .chars()
        .filter(|c| {
            !matches!(
                get_general_category(*c),
                GeneralCategory::Control
                    | GeneralCategory::Format
                    | GeneralCategory::Surrogate
                    | GeneralCategory::PrivateUse
                    | GeneralCategory::Unassigned
            )
        })
        .collect()
}

/// `s` without the leading and trailing whitespace Python's `str.strip()` removes: Unicode
/// white space plus the separators U+001C to U+001F.
fn python_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_barcodes_name_models_with_ids_read_as_python_int_reads_them() {
        assert_eq!(json_barcode(r#"{"part": 12}"#), [("part".to_string(), 12)]);
        assert_eq!(
            json_barcode(r#" {"stockitem": "7", "supplierpart": 3.9, "build": 2} "#),
            [
                ("stockitem".to_string(), 7),
                ("supplierpart".to_string(), 3)
            ]
        );
        assert!(json_barcode(r#"{"part": null}"#).is_empty());
        assert!(json_barcode(r#"{"part": "twelve"}"#).is_empty());
        assert!(json_barcode("[12]").is_empty());
        assert!(json_barcode("DIG-31286-FXE").is_empty());
    }

    #[test]
    fn barcode_hash_input_drops_what_inventree_drops() {
        // Trimmed, then control characters (newline, tab, DEL, C1), format characters
        // (left-to-right mark, zero-width space) and private-use characters removed.
        assert_eq!(
            barcode_hash_input(" \tA\nB\u{7f}C\u{85}D\u{200e}E\u{200b}F\u{e000}G \n"),
            "ABCDEFG"
        );
        // Trimming comes first: a space behind a control character stays.
        assert_eq!(barcode_hash_input("\u{1} x"), " x");
        assert_eq!(barcode_hash_input("\u{1c} x\u{1f}"), "x");
        assert_eq!(barcode_hash_input("Résumé 12"), "Résumé 12");
    }
}
