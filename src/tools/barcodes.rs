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
                .map(|(k, id)| (k, id, "json")),
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

/// A JSON object naming model labels: each label present, with its id, in the plugin's order.
fn json_form(data: &str) -> Vec<(&'static str, i32)> {
    let Ok(serde_json::Value::Object(object)) = serde_json::from_str(data.trim()) else {
        return Vec::new();
    };
    MODELS
        .iter()
        .filter_map(|(model, _)| {
            let id = match object.get(model.label())? {
                serde_json::Value::Number(n) => n
                    .as_i64()
                    .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))?,
                serde_json::Value::String(s) => s.trim().parse().ok()?,
                _ => return None,
            };
            Some((model.label(), i32::try_from(id).ok()?))
        })
        .collect()
}

/// InvenTree's `hash_barcode`: MD5 (lower-case hex) of the text trimmed and stripped of
/// control and direction characters.
pub fn hash_barcode(data: &str) -> String {
    use md5::{Digest, Md5};
    let cleaned: String = data
        .trim()
        .chars()
        .filter(|c| {
            !matches!(*c as u32,
                0x00..=0x1F | 0x7F..=0x9F | 0x200E | 0x200F | 0x202A..=0x202E)
        })
        .collect();
    let digest = Md5::digest(cleaned.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
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
        assert_eq!(json_form(r#"{"stockitem": 12}"#), [("stockitem", 12)]);
        assert_eq!(
            json_form(r#"{"build": "3", "part": 5}"#),
            [("part", 5), ("build", 3)]
        );
        assert!(json_form("C7593").is_empty());
    }
}
