//! Barcode scans resolved as InvenTree's built-in barcode plugin resolves them: its short form
//! (`INV-SI12`), its JSON form (`{"stockitem": 12}`), then a barcode assigned to an object,
//! found by the hash InvenTree stores.

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};

use super::models::Model;
use super::registry::{Entry, entry};
use super::tool::{Cx, Nature, Tool, Toolset};
use crate::auth::{Permission, User};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![entry::<ScanBarcode>()]
}

/// InvenTree's models with barcodes, in the order its plugin tries them, with their
/// short-form codes.
const MODELS: &[(Model, &str)] = &[
    (Model::Part, "PA"),
    (Model::StockItem, "SI"),
    (Model::StockLocation, "SL"),
    (Model::SupplierPart, "SP"),
    (Model::ManufacturerPart, "MP"),
    (Model::PurchaseOrder, "PO"),
    (Model::SalesOrder, "SO"),
    (Model::ReturnOrder, "RO"),
    (Model::Build, "BO"),
    (Model::SalesOrderShipment, "SS"),
];

/// The short form's prefix when the plugin's setting is not stored.
const DEFAULT_SHORT_PREFIX: &str = "INV-";

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScanArgs {
    /// The scanned text.
    pub data: String,
}

/// What a barcode resolves to.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Scanned {
    /// InvenTree's model label: part, stockitem, stocklocation, supplierpart, ...
    pub kind: String,
    pub id: i32,
    /// Its name, path or reference.
    pub name: String,
    /// How it was found: `short` (INV-SI12), `json` ({"stockitem": 12}) or `assigned` (a
    /// barcode stored on the object, by its hash).
    pub matched_by: &'static str,
    /// The hash InvenTree stores for this barcode (MD5 of the cleaned text).
    pub barcode_hash: String,
}

/// `scan_barcode`: what InvenTree resolves a scan to.
pub struct ScanBarcode;

impl Tool for ScanBarcode {
    const NAME: &str = "scan_barcode";
    const TITLE: &str = "Scan a barcode";
    const DESCRIPTION: &str = "What a scanned barcode is in InvenTree: its own barcodes \
        (INV-SI12, {\"part\": 5}) or one assigned to a part, item, location, supplier part, \
        order or build.";
    const TOOLSET: Toolset = Toolset::Admin;
    /// Any signed-in user; the object found needs its own view permission.
    const REQUIRES: &[Permission] = &[];
    const NATURE: Nature = Nature::Read;
    type Args = ScanArgs;
    type Output = Scanned;

    async fn run(cx: &mut Cx<'_>, args: ScanArgs) -> Result<Scanned, ToolError> {
        let user = cx.user;
        let hash = hash_barcode(&args.data);
        if args.data.trim().is_empty() {
            return Err(ToolError::invalid("data", "is empty"));
        }
        let prefix = sqlx::query_file_scalar!("queries/barcodes/short_prefix.sql")
            .fetch_optional(cx.db().await?)
            .await?
            .unwrap_or_else(|| DEFAULT_SHORT_PREFIX.to_string());
        let mut candidates: Vec<(&str, i32, &'static str)> = Vec::new();
        if let Some((kind, id)) = short_form(args.data.trim(), &prefix) {
            candidates.push((kind, id, "short"));
        }
        candidates.extend(
            json_form(&args.data)
                .into_iter()
                .filter_map(|(model, id)| Some((model.label(), i32::try_from(id).ok()?, "json"))),
        );
        for (kind, id, matched_by) in candidates {
            let found = sqlx::query_file!("queries/barcodes/by_id.sql", kind, id)
                .fetch_optional(cx.db().await?)
                .await?;
            if let Some(found) = found {
                return answer(user, found.kind, found.id, found.name, matched_by, hash);
            }
        }
        let found = sqlx::query_file!("queries/barcodes/by_hash.sql", hash)
            .fetch_optional(cx.db().await?)
            .await?;
        match found {
            Some(found) => answer(user, found.kind, found.id, found.name, "assigned", hash),
            None => Err(ToolError::invalid(
                "data",
                format!(
                    "matches no InvenTree barcode: neither an internal one ({prefix}SI12, \
                     {{\"stockitem\": 12}}) nor one assigned to an object (hash {hash})"
                ),
            )),
        }
    }
}

/// The answer, if the caller may see objects of that kind.
fn answer(
    user: &User,
    kind: String,
    id: i32,
    name: String,
    matched_by: &'static str,
    barcode_hash: String,
) -> Result<Scanned, ToolError> {
    Model::from_label(&kind)
        .expect("the queries name models of ours")
        .check_view(user)?;
    Ok(Scanned {
        kind,
        id,
        name,
        matched_by,
        barcode_hash,
    })
}

/// `<prefix><code><pk>`: a two-character model code and digits.
fn short_form(data: &str, prefix: &str) -> Option<(&'static str, i32)> {
    let rest = data.strip_prefix(prefix)?;
    let code = rest.get(..2)?;
    let digits = &rest[2..];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (model, _) = MODELS.iter().find(|(_, c)| *c == code)?;
    Some((model.label(), digits.parse().ok()?))
}

/// The models and ids an InvenTree JSON barcode such as `{"part": 12}` names, in the plugin's
/// order, each value read as Python's `int()` reads it (an integer, a float truncated, or a
/// string of digits); anything else names nothing.
pub(super) fn json_form(data: &str) -> Vec<(Model, i64)> {
    let Ok(serde_json::Value::Object(object)) = serde_json::from_str(data.trim()) else {
        return Vec::new();
    };
    MODELS
        .iter()
        .filter_map(|(model, _)| {
            let id = match object.get(model.label())? {
                serde_json::Value::Number(n) => n.as_i64().or_else(|| {
                    n.as_f64()
                        .filter(|f| f.is_finite())
                        .map(|f| f.trunc() as i64)
                }),
                serde_json::Value::String(s) => s.trim().parse().ok(),
                _ => None,
            }?;
            Some((*model, id))
        })
        .collect()
}

/// The text InvenTree hashes for a barcode (`hash_barcode`): trimmed as Python trims, then
/// without control characters (newlines included) nor any other character of Unicode's
/// "Other" categories (format, surrogate, private use, unassigned).
pub(super) fn hash_input(data: &str) -> String {
    use unicode_general_category::{GeneralCategory, get_general_category};
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

/// InvenTree's `hash_barcode`: the MD5 (lower-case hex) of [`hash_input`].
pub fn hash_barcode(data: &str) -> String {
    use md5::{Digest, Md5};
    let digest = Md5::digest(hash_input(data).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// `s` without the leading and trailing whitespace Python's `str.strip()` removes: Unicode
/// white space plus the separators U+001C to U+001F.
pub(super) fn python_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_follow_inventree() {
        // md5("hello") is well known.
        assert_eq!(hash_barcode("hello"), "5d41402abc4b2a76b9719d911017c592");
        assert_eq!(
            hash_barcode("  hel\nlo\u{200e} \r\n"),
            hash_barcode("hello")
        );
    }

    #[test]
    fn internal_forms_name_a_model_and_an_id() {
        assert_eq!(short_form("INV-SI12", "INV-"), Some(("stockitem", 12)));
        assert_eq!(short_form("INV-PA7", "INV-"), Some(("part", 7)));
        assert_eq!(short_form("INV-XX7", "INV-"), None);
        assert_eq!(short_form("INV-SI", "INV-"), None);
        assert_eq!(short_form("ABC-SI12", "INV-"), None);
        assert_eq!(json_form(r#"{"stockitem": 12}"#), [(Model::StockItem, 12)]);
        assert_eq!(
            json_form(r#" {"build": "3", "part": 5, "supplierpart": 3.9} "#),
            [
                (Model::Part, 5),
                (Model::SupplierPart, 3),
                (Model::Build, 3)
            ]
        );
        assert!(json_form(r#"{"part": null}"#).is_empty());
        assert!(json_form(r#"{"part": "twelve"}"#).is_empty());
        assert!(json_form("[12]").is_empty());
        assert!(json_form("C7593").is_empty());
    }
}
