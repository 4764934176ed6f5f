//! Part parameters: the templates, a part's parameters, and parts found by parameter values
//! (InvenTree's parametric filter, with values read as InvenTree reads them: `units`).
//!
//! The parameter tables belong to no InvenTree role: the owning model's role applies, so
//! parameters of parts need `part.view`. Only parameters on parts are read (`model_type_id`
//! is the content type part/part).

use std::collections::HashMap;

use rmcp::schemars::{self, JsonSchema};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::args::{CategoryId, PartId};
use super::paging::{Page, Window};
use super::parts::{self, Part, like_pattern};
use super::registry::{Entry, entry};
use super::tool::{Cx, Nature, Tool, Toolset};
use super::units::{ConvertError, Units};
use crate::auth::{Action, Permission, Role};
use crate::error::ToolError;

pub(super) fn tools() -> Vec<Entry> {
    vec![
        entry::<ListParameterTemplates>(),
        entry::<GetPartParameters>(),
        entry::<FindPartsByParameters>(),
    ]
}

const PART_VIEW: &[Permission] = &[Permission(Role::Part, Action::View)];

/// At most this many filters in one call.
const MAX_FILTERS: usize = 20;

/// Numbers closer than this (relative) are equal: InvenTree stores pint's results with their
/// floating-point noise (100nF as 1.0000000000000002e-07), which another way of computing
/// the same value need not reproduce.
const RELATIVE_TOLERANCE: f64 = 1e-9;

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct ParameterTemplate {
    pub id: i32,
    pub name: String,
    /// The unit values are converted to ("" = none).
    pub units: String,
    pub description: String,
    /// Allowed values, comma-separated ("" = any).
    pub choices: String,
    /// A yes/no parameter.
    pub checkbox: bool,
    /// The selection list giving the allowed values.
    pub selectionlist: Option<i32>,
    pub selectionlist_name: Option<String>,
    pub enabled: bool,
    /// Parts with a parameter of this template (in the category, when one is given).
    pub part_count: i64,
}

#[derive(Debug, Serialize, Deserialize, JsonSchema)]
pub struct PartParameter {
    pub id: i32,
    /// Template id.
    pub template: i32,
    pub template_name: String,
    /// The template's units ("" = none).
    pub units: String,
    /// The value as entered.
    pub data: String,
    /// data as a number in the template's units (null: not a number).
    pub data_numeric: Option<f64>,
    pub note: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PartParameters {
    pub part: i32,
    pub part_name: String,
    pub parameters: Vec<PartParameter>,
}

/// A value a filter looked at.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FilteredParameter {
    /// Template id.
    pub template: i32,
    pub template_name: String,
    pub data: String,
    pub data_numeric: Option<f64>,
    pub units: String,
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct PartMatch {
    #[serde(flatten)]
    pub part: Part,
    /// The part's parameters of the filtered templates.
    pub filtered_parameters: Vec<FilteredParameter>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListTemplatesArgs {
    /// Only templates used in this category or below; part_count counts there.
    pub category_id: Option<CategoryId>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetPartParametersArgs {
    /// The part's id.
    pub part_id: PartId,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FindPartsArgs {
    /// Category, with subcategories.
    pub category_id: Option<CategoryId>,
    #[schemars(schema_with = "filters_schema")]
    pub filters: Vec<ParameterFilter>,
    /// Max rows (default 100).
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// One condition on a part's parameter of a template.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterFilter {
    /// A template's name (any case) or id.
    pub template: Value,
    pub op: FilterOp,
    /// Text, a number, a quantity, or `[low, high]` for between.
    pub value: Value,
}

/// The filters' schema, written out: it is what the model reads, in few tokens.
fn filters_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "description": "All must hold; ne passes parts without it; template: name or id; \
            between: [low, high].",
        "type": "array",
        "items": {
            "properties": {
                "template": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                "op": {"enum": ["eq", "ne", "lt", "lte", "gt", "gte", "between", "contains"]},
                "value": {"anyOf": [
                    {"type": "string"}, {"type": "number"}, {"type": "boolean"}, {"type": "array"}
                ]}
            },
            "required": ["template", "op", "value"]
        }
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FilterOp {
    Eq,
    Ne,
    Lt,
    Lte,
    Gt,
    Gte,
    Between,
    Contains,
}

impl FilterOp {
    fn name(self) -> &'static str {
        match self {
            FilterOp::Eq => "eq",
            FilterOp::Ne => "ne",
            FilterOp::Lt => "lt",
            FilterOp::Lte => "lte",
            FilterOp::Gt => "gt",
            FilterOp::Gte => "gte",
            FilterOp::Between => "between",
            FilterOp::Contains => "contains",
        }
    }
}

pub struct ListParameterTemplates;

impl Tool for ListParameterTemplates {
    const NAME: &str = "list_parameter_templates";
    const TITLE: &str = "List parameter templates";
    const DESCRIPTION: &str = "Part parameter templates by name: units, choices, checkbox, \
        how many parts use each.";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = PART_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = ListTemplatesArgs;
    type Output = Page<ParameterTemplate>;

    async fn run(
        cx: &mut Cx<'_>,
        args: ListTemplatesArgs,
    ) -> Result<Page<ParameterTemplate>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        let category = args.category_id.map(|id| id.0);
        let found = sqlx::query_file!(
            "queries/parameters/templates.sql",
            category,
            window.limit,
            window.offset
        )
        .fetch_one(cx.db().await?)
        .await?;
        if !found.category_found {
            return Err(category_not_found(category));
        }
        Ok(Page::new(found.items.0, found.count, window.offset))
    }
}

pub struct GetPartParameters;

impl Tool for GetPartParameters {
    const NAME: &str = "get_part_parameters";
    const TITLE: &str = "Get a part's parameters";
    const DESCRIPTION: &str = "Every parameter of a part: template, units, value as entered \
        (data) and as a number in the template's units (data_numeric), note.";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = PART_VIEW;
    const NATURE: Nature = Nature::Read;
    type Args = GetPartParametersArgs;
    type Output = PartParameters;

    async fn run(
        cx: &mut Cx<'_>,
        args: GetPartParametersArgs,
    ) -> Result<PartParameters, ToolError> {
        let id = args.part_id;
        let found = sqlx::query_file!("queries/parameters/of_part.sql", id.0)
            .fetch_optional(cx.db().await?)
            .await?
            .ok_or(ToolError::NotFound {
                what: "part",
                id: id.into(),
            })?;
        Ok(PartParameters {
            part: found.id,
            part_name: found.name,
            parameters: found.parameters.0,
        })
    }
}

pub struct FindPartsByParameters;

impl Tool for FindPartsByParameters {
    const NAME: &str = "find_parts_by_parameters";
    const TITLE: &str = "Find parts by parameters";
    const DESCRIPTION: &str = "Parts passing every parameter filter, by name; \"4k7\", \
        \"100nF\", \"1/4 W\" are read in template units.";
    const TOOLSET: Toolset = Toolset::Parts;
    const REQUIRES: &[Permission] = PART_VIEW;
    const NATURE: Nature = Nature::Read;
    const FIELDS: bool = true;
    type Args = FindPartsArgs;
    type Output = Page<PartMatch>;

    async fn run(cx: &mut Cx<'_>, args: FindPartsArgs) -> Result<Page<PartMatch>, ToolError> {
        let window = Window::new(cx.paging, args.limit, args.offset, 100)?;
        if args.filters.is_empty() || args.filters.len() > MAX_FILTERS {
            return Err(ToolError::invalid(
                "filters",
                format!(
                    "give 1 to {MAX_FILTERS} filters, got {}",
                    args.filters.len()
                ),
            ));
        }
        let templates = templates_named(cx, &args.filters).await?;
        let units = if templates.iter().any(|t| !t.units.is_empty()) {
            site_units(cx).await?
        } else {
            Units::built_in()
        };
        let tests = args
            .filters
            .iter()
            .zip(&templates)
            .enumerate()
            .map(|(i, (filter, template))| Test::new(i, filter, template, &units))
            .collect::<Result<Vec<Test>, ToolError>>()?;

        let category = args.category_id.map(|id| id.0);
        let template_ids: Vec<i32> = tests.iter().map(|t| t.template).collect();
        let negate: Vec<bool> = tests.iter().map(|t| t.negate).collect();
        let low: Vec<Option<f64>> = tests.iter().map(|t| t.range.map(|r| r.0)).collect();
        let high: Vec<Option<f64>> = tests.iter().map(|t| t.range.map(|r| r.1)).collect();
        let exact: Vec<Option<String>> = tests.iter().map(|t| t.exact.clone()).collect();
        let pattern: Vec<Option<String>> = tests.iter().map(|t| t.pattern.clone()).collect();
        let found = sqlx::query_file!(
            "queries/parameters/find.sql",
            category,
            &template_ids,
            &negate,
            &low as &[Option<f64>],
            &high as &[Option<f64>],
            &exact as &[Option<String>],
            &pattern as &[Option<String>],
            window.limit,
            window.offset,
            window.count_bound()
        )
        .fetch_one(cx.db().await?)
        .await?;
        if !found.category_found {
            return Err(category_not_found(category));
        }
        let mut values = filtered_values(cx, &found.ids, &template_ids).await?;
        let items = parts::details(cx.db().await?, &found.ids)
            .await?
            .into_iter()
            .map(|part| PartMatch {
                filtered_parameters: values.remove(&part.id).unwrap_or_default(),
                part,
            })
            .collect();
        Ok(Page::counted(items, found.count, &window))
    }
}

/// The parameters of `parts` for the filtered templates, by part.
async fn filtered_values(
    cx: &mut Cx<'_>,
    parts: &[i32],
    templates: &[i32],
) -> Result<HashMap<i32, Vec<FilteredParameter>>, ToolError> {
    let rows = sqlx::query_file!("queries/parameters/filtered.sql", parts, templates)
        .fetch_all(cx.db().await?)
        .await?;
    let mut values: HashMap<i32, Vec<FilteredParameter>> = HashMap::new();
    for row in rows {
        values.entry(row.part).or_default().push(FilteredParameter {
            template: row.template,
            template_name: row.template_name,
            data: row.data,
            data_numeric: row.data_numeric,
            units: row.units,
        });
    }
    Ok(values)
}

fn category_not_found(category: Option<i32>) -> ToolError {
    ToolError::NotFound {
        what: "category",
        id: category.unwrap_or_default().into(),
    }
}

/// A template as a filter names it.
struct Template {
    id: i32,
    name: String,
    units: String,
    checkbox: bool,
}

/// The template each filter names: by id (an integer), else by name in any case (a string;
/// a string of digits naming no template is taken as an id).
async fn templates_named(
    cx: &mut Cx<'_>,
    filters: &[ParameterFilter],
) -> Result<Vec<Template>, ToolError> {
    let mut ids = Vec::new();
    let mut names = Vec::new();
    for (i, filter) in filters.iter().enumerate() {
        let (id, name) = match &filter.template {
            Value::Number(n) => (n.as_i64().and_then(|n| i32::try_from(n).ok()), None),
            Value::String(s) => (s.trim().parse::<i32>().ok(), Some(s.trim().to_string())),
            _ => (None, None),
        };
        if id.is_none() && name.is_none() {
            return Err(ToolError::invalid(
                format!("filters[{i}].template"),
                format!("must be a template's name or id, got {}", filter.template),
            ));
        }
        ids.push(id);
        names.push(name);
    }
    let rows = sqlx::query_file!(
        "queries/parameters/templates_named.sql",
        &ids as &[Option<i32>],
        &names as &[Option<String>]
    )
    .fetch_all(cx.db().await?)
    .await?;
    let mut templates = Vec::with_capacity(filters.len());
    for (i, filter) in filters.iter().enumerate() {
        let argument = format!("filters[{i}].template");
        let named: Vec<_> = rows.iter().filter(|r| r.filter == i as i64 + 1).collect();
        let by_name: Vec<_> = named.iter().filter(|r| r.by_name).collect();
        if by_name.len() > 1 {
            let ids: Vec<String> = by_name.iter().map(|r| r.id.to_string()).collect();
            return Err(ToolError::invalid(
                argument,
                format!(
                    "{} names several templates (ids {}); give the id",
                    filter.template,
                    ids.join(", ")
                ),
            ));
        }
        let Some(row) = named.first() else {
            return Err(ToolError::invalid(
                argument,
                format!(
                    "no parameter template has the name or id {}; list_parameter_templates \
                     lists them",
                    filter.template
                ),
            ));
        };
        if !row.for_parts {
            return Err(ToolError::invalid(
                argument,
                format!("template {} is not for parts", row.name),
            ));
        }
        templates.push(Template {
            id: row.id,
            name: row.name.clone(),
            units: row.units.clone(),
            checkbox: row.checkbox,
        });
    }
    Ok(templates)
}

/// The units values are read in: the built-in ones and the site's custom units.
async fn site_units(cx: &mut Cx<'_>) -> Result<Units, ToolError> {
    let custom = sqlx::query_file!("queries/parameters/custom_units.sql")
        .fetch_all(cx.db().await?)
        .await?;
    Ok(Units::with_custom(custom.iter().map(|u| {
        (u.name.as_str(), u.definition.as_str(), u.symbol.as_str())
    })))
}

/// A filter as the query runs it: which parameter rows of its template pass.
#[derive(Debug, PartialEq)]
struct Test {
    template: i32,
    /// `ne`: a part passes when none of its rows passes.
    negate: bool,
    /// data_numeric within these bounds, inclusive.
    range: Option<(f64, f64)>,
    /// data equal to this (with a range: on rows without a numeric value).
    exact: Option<String>,
    /// A LIKE pattern data matches in any case.
    pattern: Option<String>,
}

impl Test {
    /// InvenTree's `filter_parameters_by_value` (semantics-2 §1): a value that is a number,
    /// or converts to the template's units, compares data_numeric (and, for eq/ne, data
    /// on rows without a number); other text compares data; checkbox templates compare
    /// true/false. Where InvenTree gives an empty result (a value that does not convert)
    /// or compares text by order (lt on "Red"), this refuses the filter, naming it.
    fn new(
        i: usize,
        filter: &ParameterFilter,
        template: &Template,
        units: &Units,
    ) -> Result<Test, ToolError> {
        let argument = format!("filters[{i}].value");
        let op = filter.op;
        let mut test = Test {
            template: template.id,
            negate: op == FilterOp::Ne,
            range: None,
            exact: None,
            pattern: None,
        };
        if template.checkbox {
            if !matches!(op, FilterOp::Eq | FilterOp::Ne) {
                return Err(ToolError::invalid(
                    format!("filters[{i}].op"),
                    format!("{} is a checkbox: use eq or ne", template.name),
                ));
            }
            let yes = checkbox_value(&filter.value).ok_or_else(|| {
                ToolError::invalid(
                    &argument,
                    format!("{} is a checkbox: give true or false", template.name),
                )
            })?;
            let number = if yes { 1.0 } else { 0.0 };
            test.range = Some((number, number));
            test.exact = Some(if yes { "True" } else { "False" }.into());
            return Ok(test);
        }
        match op {
            FilterOp::Contains => {
                let text = match &filter.value {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => return Err(ToolError::invalid(argument, "contains takes text")),
                };
                test.pattern = Some(like_pattern(&text));
            }
            FilterOp::Between => {
                let (low, high) = match &filter.value {
                    Value::Array(pair) if pair.len() == 2 => (
                        number(&argument, template, &pair[0], units)?,
                        number(&argument, template, &pair[1], units)?,
                    ),
                    _ => {
                        return Err(ToolError::invalid(
                            argument,
                            "between takes two values, [low, high]",
                        ));
                    }
                };
                let (Some(low), Some(high)) = (low, high) else {
                    return Err(needs_number(&argument, op, template));
                };
                if low > high {
                    return Err(ToolError::invalid(
                        argument,
                        format!("low ({low}) is above high ({high})"),
                    ));
                }
                test.range = Some((low - tolerance(low), high + tolerance(high)));
            }
            FilterOp::Eq
            | FilterOp::Ne
            | FilterOp::Lt
            | FilterOp::Lte
            | FilterOp::Gt
            | FilterOp::Gte => match number(&argument, template, &filter.value, units)? {
                Some(v) => {
                    let (low, high) = (v - tolerance(v), v + tolerance(v));
                    test.range = Some(match op {
                        FilterOp::Lt => (f64::NEG_INFINITY, low.next_down()),
                        FilterOp::Lte => (f64::NEG_INFINITY, high),
                        FilterOp::Gt => (high.next_up(), f64::INFINITY),
                        FilterOp::Gte => (low, f64::INFINITY),
                        _ => (low, high),
                    });
                    if matches!(op, FilterOp::Eq | FilterOp::Ne) {
                        test.exact = Some(text_of(&filter.value));
                    }
                }
                None if matches!(op, FilterOp::Eq | FilterOp::Ne) => {
                    test.exact = Some(text_of(&filter.value));
                }
                None => return Err(needs_number(&argument, op, template)),
            },
        }
        Ok(test)
    }
}

fn tolerance(value: f64) -> f64 {
    value.abs() * RELATIVE_TOLERANCE
}

/// The value as text, as InvenTree compares it with `data`.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// InvenTree's `str2bool` for true, and its usual spellings of false; None for anything else.
fn checkbox_value(value: &Value) -> Option<bool> {
    let text = match value {
        Value::Bool(b) => return Some(*b),
        Value::String(s) => s.trim().to_lowercase(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    match text.as_str() {
        "1" | "y" | "yes" | "t" | "true" | "ok" | "on" => Some(true),
        "0" | "n" | "no" | "f" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// A value as a number in the template's units: a number, text that is one, or (for a
/// template with units) a quantity converted as InvenTree converts `data`. None: text.
fn number(
    argument: &str,
    template: &Template,
    value: &Value,
    units: &Units,
) -> Result<Option<f64>, ToolError> {
    let number = match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match s.trim().parse::<f64>() {
            Ok(n) => Some(n),
            Err(_) if template.units.is_empty() => return Ok(None),
            Err(_) => Some(
                units
                    .convert(s, &template.units)
                    .map_err(|error| unconverted(argument, s, template, error, units))?,
            ),
        },
        Value::Bool(_) => {
            return Err(ToolError::invalid(
                argument,
                format!("{} is not a checkbox: give a number or text", template.name),
            ));
        }
        _ => {
            return Err(ToolError::invalid(
                argument,
                "give text, a number or a quantity such as \"4.7k\"",
            ));
        }
    };
    match number {
        Some(n) if n.is_finite() => Ok(Some(n)),
        _ => Err(ToolError::invalid(
            argument,
            format!("{value} is not a finite number"),
        )),
    }
}

fn needs_number(argument: &str, op: FilterOp, template: &Template) -> ToolError {
    let unit = if template.units.is_empty() {
        String::new()
    } else {
        format!(" or a quantity in {}", template.units)
    };
    ToolError::invalid(
        argument,
        format!("{} compares numbers: give a number{unit}", op.name()),
    )
}

/// Why a value does not convert, and what would.
fn unconverted(
    argument: &str,
    value: &str,
    template: &Template,
    error: ConvertError,
    units: &Units,
) -> ToolError {
    let (name, unit) = (&template.name, &template.units);
    let why = match error {
        ConvertError::UnknownTarget(_) => {
            return ToolError::invalid(
                argument,
                format!(
                    "{name} is in `{unit}`, a unit this server does not convert to; give a \
                     plain number in {unit}"
                ),
            );
        }
        ConvertError::Empty => "is empty".to_string(),
        ConvertError::Unreadable(reason) => {
            format!("`{value}` does not read as a value in {unit} ({reason})")
        }
        ConvertError::Mismatch { found, wanted } => {
            format!("`{value}` is {found}, but {name} is {wanted} in {unit}")
        }
    };
    let examples: Vec<String> = [
        format!("10 {unit}"),
        "4.7k".into(),
        "4k7".into(),
        "100n".into(),
    ]
    .into_iter()
    .filter(|example| units.convert(example, unit).is_ok())
    .map(|example| format!("\"{example}\""))
    .collect();
    ToolError::invalid(
        argument,
        format!(
            "{why}; give a number (taken in {unit}) or a quantity such as {}",
            examples.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template(units: &str, checkbox: bool) -> Template {
        Template {
            id: 2,
            name: "Resistance".into(),
            units: units.into(),
            checkbox,
        }
    }

    fn test(op: &str, value: Value, units: &str) -> Result<Test, String> {
        let filter: ParameterFilter =
            serde_json::from_value(json!({"template": 2, "op": op, "value": value})).unwrap();
        Test::new(
            1,
            &filter,
            &template(units, false),
            &Units::with_custom([("R", "ohm", "")]),
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn equality_is_a_narrow_range_with_the_text_for_rows_without_a_number() {
        let eq = test("eq", json!("10k"), "ohms").unwrap();
        assert_eq!(eq.range, Some((10000.0 - 1e-5, 10000.0 + 1e-5)));
        assert_eq!(eq.exact.as_deref(), Some("10k"));
        assert!(!eq.negate);
        assert!(test("ne", json!("10k"), "ohms").unwrap().negate);
    }

    #[test]
    fn strict_bounds_exclude_the_value_itself() {
        let lt = test("lt", json!(100), "ohms").unwrap().range.unwrap();
        assert!(lt.0 == f64::NEG_INFINITY && lt.1 < 100.0 && 100.0 - lt.1 < 1e-6);
        let gte = test("gte", json!("1k"), "ohms").unwrap().range.unwrap();
        assert_eq!(gte, (1000.0 - 1e-6, f64::INFINITY));
        let between = test("between", json!(["1k", 4700]), "ohms").unwrap();
        assert_eq!(between.range, Some((1000.0 - 1e-6, 4700.0 + 4.7e-6)));
        assert_eq!(between.exact, None);
    }

    #[test]
    fn text_is_compared_as_text_on_templates_without_units() {
        let eq = test("eq", json!("Red"), "").unwrap();
        assert_eq!((eq.range, eq.exact.as_deref()), (None, Some("Red")));
        let contains = test("contains", json!("50%"), "ohms").unwrap();
        assert_eq!(contains.pattern.as_deref(), Some(r"%50\%%"));
        assert_eq!(
            test("gt", json!("Red"), "").unwrap_err(),
            "invalid argument `filters[1].value`: gt compares numbers: give a number"
        );
    }

    #[test]
    fn values_that_do_not_convert_say_what_would() {
        assert_eq!(
            test("eq", json!("10uF"), "ohms").unwrap_err(),
            "invalid argument `filters[1].value`: `10uF` is a capacitance, but Resistance is a \
             resistance in ohms; give a number (taken in ohms) or a quantity such as \
             \"10 ohms\", \"4.7k\", \"4k7\", \"100n\""
        );
        assert_eq!(
            test("lt", json!("ten"), "mm").unwrap_err(),
            "invalid argument `filters[1].value`: `ten` does not read as a value in mm (`ten` is \
             not a unit); give a number (taken in mm) or a quantity such as \"10 mm\""
        );
        assert_eq!(
            test("between", json!([1]), "ohms").unwrap_err(),
            "invalid argument `filters[1].value`: between takes two values, [low, high]"
        );
        assert_eq!(
            test("between", json!(["2k", "1k"]), "ohms").unwrap_err(),
            "invalid argument `filters[1].value`: low (2000) is above high (1000)"
        );
        assert_eq!(
            test("eq", json!(true), "ohms").unwrap_err(),
            "invalid argument `filters[1].value`: Resistance is not a checkbox: give a number or \
             text"
        );
    }

    #[test]
    fn checkboxes_compare_true_or_false() {
        let filter: ParameterFilter =
            serde_json::from_value(json!({"template": 19, "op": "ne", "value": "yes"})).unwrap();
        let units = Units::built_in();
        let test = Test::new(0, &filter, &template("", true), &units).unwrap();
        assert_eq!(test.range, Some((1.0, 1.0)));
        assert_eq!(test.exact.as_deref(), Some("True"));
        assert!(test.negate);
        let filter: ParameterFilter =
            serde_json::from_value(json!({"template": 19, "op": "gt", "value": true})).unwrap();
        assert_eq!(
            Test::new(0, &filter, &template("", true), &units)
                .unwrap_err()
                .to_string(),
            "invalid argument `filters[0].op`: Resistance is a checkbox: use eq or ne"
        );
    }
}
