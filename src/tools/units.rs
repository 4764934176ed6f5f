//! Physical quantities as InvenTree reads a parameter's value: `convert_physical_value`
//! (InvenTree/conversion.py, on pint). "4k7", "10 kohm", "100nF", "1/4 W" and "2 inches"
//! become a number in a template's own unit, the number InvenTree stores as `data_numeric`.
//!
//! The registry holds the units parts are described in (SI with its prefixes, imperial
//! lengths, masses and volumes, time, temperature, percent, piece/each/dozen) and a site's
//! custom units (`common_customunit`). Units are case-sensitive as in pint (`m` is milli,
//! `M` mega); a unit name of three letters or more is also found in another case
//! (`kOhm`), which pint refuses. `mil` is a thousandth of an inch here (pint: an angle).

use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

/// Exponents of the base dimensions, in the order of [`BASES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Dimension([i8; 8]);

/// The base units, one per dimension: metre, kilogram, second, ampere, kelvin, mole, candela
/// and radian (pint counts angles as dimensionless; here "90 deg" is not 90 %).
const BASES: [&str; 8] = ["m", "kg", "s", "A", "K", "mol", "cd", "rad"];

/// Names for the dimensions a parameter commonly has, for error messages.
const NAMED: &[(&str, [i8; 8])] = &[
    ("a length", [1, 0, 0, 0, 0, 0, 0, 0]),
    ("a mass", [0, 1, 0, 0, 0, 0, 0, 0]),
    ("a time", [0, 0, 1, 0, 0, 0, 0, 0]),
    ("a current", [0, 0, 0, 1, 0, 0, 0, 0]),
    ("a temperature", [0, 0, 0, 0, 1, 0, 0, 0]),
    ("an amount of substance", [0, 0, 0, 0, 0, 1, 0, 0]),
    ("a luminous intensity", [0, 0, 0, 0, 0, 0, 1, 0]),
    ("an angle", [0, 0, 0, 0, 0, 0, 0, 1]),
    ("an area", [2, 0, 0, 0, 0, 0, 0, 0]),
    ("a volume", [3, 0, 0, 0, 0, 0, 0, 0]),
    ("a frequency", [0, 0, -1, 0, 0, 0, 0, 0]),
    ("a speed", [1, 0, -1, 0, 0, 0, 0, 0]),
    ("an acceleration", [1, 0, -2, 0, 0, 0, 0, 0]),
    ("a force", [1, 1, -2, 0, 0, 0, 0, 0]),
    ("a pressure", [-1, 1, -2, 0, 0, 0, 0, 0]),
    ("an energy", [2, 1, -2, 0, 0, 0, 0, 0]),
    ("a power", [2, 1, -3, 0, 0, 0, 0, 0]),
    ("a charge", [0, 0, 1, 1, 0, 0, 0, 0]),
    ("a voltage", [2, 1, -3, -1, 0, 0, 0, 0]),
    ("a resistance", [2, 1, -3, -2, 0, 0, 0, 0]),
    ("a conductance", [-2, -1, 3, 2, 0, 0, 0, 0]),
    ("a capacitance", [-2, -1, 4, 2, 0, 0, 0, 0]),
    ("an inductance", [2, 1, -2, -2, 0, 0, 0, 0]),
    ("a magnetic flux", [2, 1, -2, -1, 0, 0, 0, 0]),
    ("a magnetic flux density", [0, 1, -2, -1, 0, 0, 0, 0]),
    ("a density", [-3, 1, 0, 0, 0, 0, 0, 0]),
    ("a plain number", [0; 8]),
];

impl Dimension {
    fn base(index: usize) -> Dimension {
        let mut exponents = [0; 8];
        exponents[index] = 1;
        Dimension(exponents)
    }

    fn combine(self, other: Dimension, sign: i8) -> Option<Dimension> {
        let mut exponents = self.0;
        for (e, o) in exponents.iter_mut().zip(other.0) {
            *e = e.checked_add(o.checked_mul(sign)?)?;
        }
        Some(Dimension(exponents))
    }

    fn pow(self, n: i8) -> Option<Dimension> {
        let mut exponents = self.0;
        for e in &mut exponents {
            *e = e.checked_mul(n)?;
        }
        Some(Dimension(exponents))
    }

    pub fn is_dimensionless(self) -> bool {
        self.0 == [0; 8]
    }
}

/// "a resistance", or the base units: "m^2·kg·s^-3".
impl fmt::Display for Dimension {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some((name, _)) = NAMED.iter().find(|(_, d)| *d == self.0) {
            return f.write_str(name);
        }
        let parts: Vec<String> = BASES
            .iter()
            .zip(self.0)
            .filter(|(_, e)| *e != 0)
            .map(|(base, e)| match e {
                1 => base.to_string(),
                _ => format!("{base}^{e}"),
            })
            .collect();
        write!(f, "a quantity in {}", parts.join("·"))
    }
}

/// A unit: how many base units it is, its dimension, and for a temperature scale its zero
/// in kelvin (`degC`: 273.15).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Unit {
    scale: f64,
    dimension: Dimension,
    offset: f64,
}

/// A value in base units (an absolute temperature in kelvin).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantity {
    pub base: f64,
    pub dimension: Dimension,
}

/// Why a text is not a quantity.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    UnknownUnit(String),
    Syntax(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::UnknownUnit(name) => write!(f, "`{name}` is not a unit"),
            ReadError::Syntax(what) => f.write_str(what),
        }
    }
}

/// Why a value does not convert to a template's unit.
#[derive(Debug, Clone, PartialEq)]
pub enum ConvertError {
    /// The template's own unit is not in the registry.
    UnknownTarget(ReadError),
    Empty,
    /// No reading of the value is a quantity; the reason the value itself gave.
    Unreadable(ReadError),
    /// The value is a quantity of another dimension.
    Mismatch {
        found: Dimension,
        wanted: Dimension,
    },
}

/// Prefixes, names and symbols (pint's decimal and binary prefixes).
const PREFIXES: &[(&str, f64)] = &[
    ("yocto", 1e-24),
    ("zepto", 1e-21),
    ("atto", 1e-18),
    ("femto", 1e-15),
    ("pico", 1e-12),
    ("nano", 1e-9),
    ("micro", 1e-6),
    ("milli", 1e-3),
    ("centi", 1e-2),
    ("deci", 1e-1),
    ("deca", 1e1),
    ("deka", 1e1),
    ("hecto", 1e2),
    ("kilo", 1e3),
    ("mega", 1e6),
    ("giga", 1e9),
    ("tera", 1e12),
    ("peta", 1e15),
    ("exa", 1e18),
    ("zetta", 1e21),
    ("yotta", 1e24),
    ("kibi", 1024.0),
    ("mebi", 1048576.0),
    ("gibi", 1073741824.0),
    ("da", 1e1),
    ("Ki", 1024.0),
    ("Mi", 1048576.0),
    ("Gi", 1073741824.0),
    ("y", 1e-24),
    ("z", 1e-21),
    ("a", 1e-18),
    ("f", 1e-15),
    ("p", 1e-12),
    ("n", 1e-9),
    ("\u{b5}", 1e-6),
    ("\u{3bc}", 1e-6),
    ("u", 1e-6),
    ("m", 1e-3),
    ("c", 1e-2),
    ("d", 1e-1),
    ("h", 1e2),
    ("k", 1e3),
    ("M", 1e6),
    ("G", 1e9),
    ("T", 1e12),
    ("P", 1e15),
    ("E", 1e18),
    ("Z", 1e21),
    ("Y", 1e24),
];

/// Units defined from the base units and from those before them: names (the first is
/// pint's canonical name; plurals in `s` are found without listing them) and definition.
const DERIVED: &[(&[&str], &str)] = &[
    (&["gram", "g"], "0.001 kg"),
    (&["inch", "in", "inches"], "2.54 cm"),
    (&["foot", "ft", "feet"], "12 inch"),
    (&["yard", "yd"], "3 ft"),
    (&["mile", "mi"], "1760 yd"),
    (&["thou", "th", "mil", "mil_length"], "0.001 inch"),
    (&["nautical_mile", "nmi"], "1852 m"),
    (&["liter", "litre", "l", "L"], "dm^3"),
    (&["cubic_centimeter", "cc"], "cm^3"),
    (&["gallon", "gal"], "231 in^3"),
    (&["quart", "qt"], "gallon / 4"),
    (&["fluid_ounce", "floz"], "gallon / 128"),
    (&["metric_ton", "tonne", "t"], "1000 kg"),
    (&["pound", "lb"], "0.45359237 kg"),
    (&["ounce", "oz"], "lb / 16"),
    (&["grain", "gr"], "64.79891 mg"),
    (&["carat", "ct"], "200 mg"),
    (&["minute", "min"], "60 s"),
    (&["hour", "h", "hr"], "60 min"),
    (&["day", "d"], "24 h"),
    (&["week"], "7 day"),
    (&["year", "yr"], "365.25 day"),
    (&["month"], "year / 12"),
    (&["turn", "revolution", "cycle"], "6.283185307179586 rad"),
    (&["degree", "deg", "°"], "0.017453292519943295 rad"),
    (&["arcminute", "arcmin"], "degree / 60"),
    (&["arcsecond", "arcsec"], "arcminute / 60"),
    (&["steradian", "sr"], "rad^2"),
    (&["hertz", "Hz"], "1 / s"),
    (&["revolutions_per_minute", "rpm"], "turn / min"),
    (&["newton", "N"], "kg m / s^2"),
    (
        &["force_kilogram", "kgf", "kilogram_force"],
        "9.80665 kg m / s^2",
    ),
    (&["force_pound", "lbf", "pound_force"], "9.80665 lb m / s^2"),
    (&["pascal", "Pa"], "N / m^2"),
    (&["bar"], "1e5 Pa"),
    (&["atmosphere", "atm"], "101325 Pa"),
    (&["torr"], "atm / 760"),
    (&["pound_force_per_square_inch", "psi"], "lbf / in^2"),
    (&["joule", "J"], "N m"),
    (&["calorie", "cal"], "4.184 J"),
    (&["electron_volt", "eV"], "1.602176634e-19 J"),
    (&["watt", "W"], "J / s"),
    (&["watt_hour", "Wh", "watthour"], "W h"),
    (&["horsepower", "hp"], "745.6998715822702 W"),
    (&["coulomb", "C"], "A s"),
    (&["ampere_hour", "Ah"], "A h"),
    (&["volt", "V"], "W / A"),
    (&["volt_ampere", "VA"], "V A"),
    (&["ohm", "\u{3a9}", "\u{2126}"], "V / A"),
    (&["siemens", "S", "mho"], "A / V"),
    (&["farad", "F"], "C / V"),
    (&["henry", "H"], "V s / A"),
    (&["weber", "Wb"], "V s"),
    (&["tesla", "T"], "Wb / m^2"),
    (&["gauss"], "1e-4 tesla"),
    (&["lumen", "lm"], "cd sr"),
    (&["lux", "lx"], "lm / m^2"),
    (&["percent", "%"], "0.01"),
    (&["permille", "‰"], "0.001"),
    (&["ppm"], "1e-6"),
    // InvenTree's own additions to pint's registry.
    (&["piece"], "1"),
    (&["each", "ea"], "1"),
    (&["dozen", "dz"], "12"),
    (&["hundred"], "100"),
    (&["thousand"], "1000"),
];

/// Temperature scales: names, size of a degree in kelvin, zero in kelvin.
const SCALES: &[(&[&str], f64, f64)] = &[
    (
        &["degree_Celsius", "degC", "celsius", "°C", "degreeC"],
        1.0,
        273.15,
    ),
    (
        &["degree_Fahrenheit", "degF", "fahrenheit", "°F", "degreeF"],
        5.0 / 9.0,
        233.15 + 200.0 / 9.0,
    ),
    (
        &["degree_Rankine", "degR", "rankine", "degreeR"],
        5.0 / 9.0,
        0.0,
    ),
];

/// The units a value may be given in: the built-in ones and a site's custom units.
#[derive(Debug, Clone)]
pub struct Units {
    names: HashMap<String, Unit>,
    /// Names of three characters or more, lower-cased, for a second look in another case.
    folded: HashMap<String, Unit>,
}

static BUILT_IN: LazyLock<Units> = LazyLock::new(|| {
    let mut units = Units {
        names: HashMap::new(),
        folded: HashMap::new(),
    };
    let base_names: [&[&str]; 8] = [
        &["meter", "m", "metre"],
        &["kilogram", "kg"],
        &["second", "s", "sec"],
        &["ampere", "A", "amp"],
        &["kelvin", "K", "degK", "°K"],
        &["mole", "mol"],
        &["candela", "cd"],
        &["radian", "rad"],
    ];
    for (index, names) in base_names.iter().enumerate() {
        let unit = Unit {
            scale: 1.0,
            dimension: Dimension::base(index),
            offset: 0.0,
        };
        units.add(names, unit);
    }
    for (names, definition) in DERIVED {
        let unit = units
            .unit(definition)
            .unwrap_or_else(|e| panic!("built-in unit {}: {e}", names[0]));
        units.add(names, unit);
    }
    for (names, scale, offset) in SCALES {
        let unit = Unit {
            scale: *scale,
            dimension: Dimension::base(4),
            offset: *offset,
        };
        units.add(names, unit);
    }
    units
});

impl Units {
    /// The built-in units and a site's custom units, each `(name, definition, symbol)` as in
    /// `common_customunit` (InvenTree defines `"<name> = <definition> [= <symbol>]"`). A
    /// definition that does not read is skipped, as InvenTree skips it.
    pub fn with_custom<'a>(custom: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Units {
        let mut units = BUILT_IN.clone();
        for (name, definition, symbol) in custom {
            match units.unit(definition) {
                Ok(unit) if unit.offset == 0.0 => {
                    let names = [name.trim(), symbol.trim()];
                    let names: Vec<&str> = names.into_iter().filter(|n| !n.is_empty()).collect();
                    units.add(&names, unit);
                }
                Ok(_) | Err(_) => {
                    tracing::warn!(
                        unit = name,
                        definition,
                        "custom unit skipped: its definition does not read"
                    )
                }
            }
        }
        units
    }

    /// The built-in units only.
    pub fn built_in() -> Units {
        BUILT_IN.clone()
    }

    fn add(&mut self, names: &[&str], unit: Unit) {
        for name in names {
            self.names.insert(name.to_string(), unit);
            if name.chars().count() >= 3 {
                self.folded.insert(name.to_lowercase(), unit);
            }
        }
    }

    /// A unit name as pint finds it: the name itself, else a prefix and a unit, with or
    /// without a plural `s`; failing that, the same in another case (`kOhm`).
    fn lookup(&self, name: &str) -> Option<Unit> {
        if let Some(unit) = self.names.get(name) {
            return Some(*unit);
        }
        let prefixes = std::iter::once(("", 1.0)).chain(PREFIXES.iter().copied());
        for table in [&self.names, &self.folded] {
            for (prefix, factor) in prefixes.clone() {
                let Some(rest) = name.strip_prefix(prefix) else {
                    continue;
                };
                let stems = [Some(rest), rest.strip_suffix('s')];
                for (plural, stem) in stems.into_iter().enumerate() {
                    // A plural needs a stem of two characters: `ms` is not metres.
                    let Some(stem) = stem.filter(|s| s.chars().count() > plural) else {
                        continue;
                    };
                    let key = if std::ptr::eq(table, &self.folded) {
                        stem.to_lowercase()
                    } else {
                        stem.to_string()
                    };
                    match table.get(&key) {
                        // Temperature scales take no prefix.
                        Some(unit) if prefix.is_empty() || unit.offset == 0.0 => {
                            return Some(Unit {
                                scale: unit.scale * factor,
                                ..*unit
                            });
                        }
                        _ => {}
                    }
                }
            }
        }
        None
    }

    /// A unit expression, e.g. `ohms`, `mm`, `m^3`, `kg/m^3`, `V A`.
    pub fn unit(&self, text: &str) -> Result<Unit, ReadError> {
        let expr = Parser::new(text)?.parse()?;
        if let Expr::Name(name) = &expr {
            return self
                .lookup(name)
                .ok_or_else(|| ReadError::UnknownUnit(name.clone()));
        }
        let value = self.evaluate(&expr)?;
        Ok(Unit {
            scale: value.base,
            dimension: value.dimension,
            offset: 0.0,
        })
    }

    /// A quantity: a number, units, or both (`4.7k ohm`, `1/4 W`, `2 dozen`, `25 degC`).
    pub fn quantity(&self, text: &str) -> Result<Quantity, ReadError> {
        let expr = Parser::new(text)?.parse()?;
        // A temperature on a scale with an offset is a number and the scale, nothing more.
        let scaled = match &expr {
            Expr::Name(name) => Some((1.0, name)),
            Expr::Mul(left, right) => match (left.plain_number(), &**right) {
                (Some(number), Expr::Name(name)) => Some((number, name)),
                _ => None,
            },
            _ => None,
        };
        if let Some((number, unit)) = scaled.and_then(|(n, name)| Some((n, self.lookup(name)?)))
            && unit.offset != 0.0
        {
            return Ok(Quantity {
                base: number * unit.scale + unit.offset,
                dimension: unit.dimension,
            });
        }
        self.evaluate(&expr)
    }

    fn evaluate(&self, expr: &Expr) -> Result<Quantity, ReadError> {
        let overflow = || ReadError::Syntax("the exponents are too large".into());
        Ok(match expr {
            Expr::Number(n) => Quantity {
                base: *n,
                dimension: Dimension::default(),
            },
            Expr::Name(name) => {
                let unit = self
                    .lookup(name)
                    .ok_or_else(|| ReadError::UnknownUnit(name.clone()))?;
                if unit.offset != 0.0 {
                    return Err(ReadError::Syntax(format!(
                        "`{name}` takes a plain number before it (e.g. 25 {name}), in no formula"
                    )));
                }
                Quantity {
                    base: unit.scale,
                    dimension: unit.dimension,
                }
            }
            Expr::Neg(inner) => {
                let q = self.evaluate(inner)?;
                Quantity { base: -q.base, ..q }
            }
            Expr::Mul(left, right) | Expr::Div(left, right) => {
                let (l, r) = (self.evaluate(left)?, self.evaluate(right)?);
                let divide = matches!(expr, Expr::Div(..));
                Quantity {
                    base: if divide {
                        l.base / r.base
                    } else {
                        l.base * r.base
                    },
                    dimension: l
                        .dimension
                        .combine(r.dimension, if divide { -1 } else { 1 })
                        .ok_or_else(overflow)?,
                }
            }
            Expr::Pow(inner, exponent) => {
                let q = self.evaluate(inner)?;
                if q.dimension.is_dimensionless() {
                    Quantity {
                        base: q.base.powf(*exponent),
                        ..q
                    }
                } else {
                    let whole = (exponent.fract() == 0.0 && exponent.abs() <= 127.0)
                        .then_some(*exponent as i8)
                        .ok_or_else(|| {
                            ReadError::Syntax(format!(
                                "a unit's exponent must be a whole number, got {exponent}"
                            ))
                        })?;
                    Quantity {
                        base: q.base.powi(whole.into()),
                        dimension: q.dimension.pow(whole).ok_or_else(overflow)?,
                    }
                }
            }
        })
    }

    /// `value` in `unit`, as InvenTree's `convert_physical_value(value, unit)` computes it:
    /// a single trailing `'` is feet and `"` inches; the value is read as given, then in
    /// engineering notation (`4k7` → `4.7k`), then each with the unit appended (`10k` →
    /// `10kohms`), the first reading that works wins. A plain number (or `2 dozen`, `1/4`)
    /// is taken in the template's unit; a quantity is converted to it. The result is in the
    /// template's own unit (mm stay mm), not in base units.
    pub fn convert(&self, value: &str, unit: &str) -> Result<f64, ConvertError> {
        let target = self.unit(unit).map_err(ConvertError::UnknownTarget)?;
        let mut value = value.trim().to_string();
        if value.matches('\'').count() == 1 && value.ends_with('\'') {
            value = value.replace('\'', " feet");
        }
        if value.matches('"').count() == 1 && value.ends_with('"') {
            value = value.replace('"', " inches");
        }
        if value.is_empty() {
            return Err(ConvertError::Empty);
        }
        let engineering = from_engineering_notation(&value);
        let unit = unit.trim();
        let attempts = [
            value.clone(),
            engineering.clone(),
            format!("{value}{unit}"),
            format!("{engineering}{unit}"),
        ];
        let mut first_error = None;
        let mut mismatch = None;
        for attempt in &attempts {
            match self.quantity(attempt) {
                Ok(q) if q.dimension.is_dimensionless() => return Ok(q.base),
                Ok(q) if q.dimension == target.dimension => {
                    return Ok((q.base - target.offset) / target.scale);
                }
                Ok(q) => {
                    mismatch.get_or_insert(q.dimension);
                }
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        Err(match (mismatch, first_error) {
            (Some(found), _) => ConvertError::Mismatch {
                found,
                wanted: target.dimension,
            },
            (None, Some(error)) => ConvertError::Unreadable(error),
            (None, None) => unreachable!("every attempt either reads or fails"),
        })
    }
}

/// InvenTree's `from_engineering_notation`: `<digits><letters><digits><rest>` becomes
/// `<digits>.<digits><letters><rest>` (`4k7` → `4.7k`, `22k0R` → `22.0kR`); anything else
/// is returned as it is. `µ` and `Ω` count as letters here (pint's pattern: ASCII only).
pub fn from_engineering_notation(value: &str) -> String {
    let value = value.trim();
    let is_letter =
        |c: char| c.is_ascii_alphabetic() || matches!(c, '\u{b5}' | '\u{3bc}' | '\u{3a9}');
    let left_end = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    let after_left = &value[left_end..];
    let prefix_end = after_left
        .find(|c: char| !is_letter(c))
        .unwrap_or(after_left.len());
    let after_prefix = &after_left[prefix_end..];
    let right_end = after_prefix
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(after_prefix.len());
    if left_end == 0 || prefix_end == 0 || right_end == 0 {
        return value.to_string();
    }
    format!(
        "{}.{}{}{}",
        &value[..left_end],
        &after_prefix[..right_end],
        &after_left[..prefix_end],
        &after_prefix[right_end..]
    )
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Symbol(char),
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Number(f64),
    Name(String),
    Neg(Box<Expr>),
    Mul(Box<Expr>, Box<Expr>),
    Div(Box<Expr>, Box<Expr>),
    Pow(Box<Expr>, f64),
}

impl Expr {
    /// A number, with its sign.
    fn plain_number(&self) -> Option<f64> {
        match self {
            Expr::Number(n) => Some(*n),
            Expr::Neg(inner) => inner.plain_number().map(|n| -n),
            _ => None,
        }
    }
}

/// pint's grammar, for what parameter values hold: numbers, unit names, `*`, `/`,
/// juxtaposition (`4.7 kohm`, the same precedence as `*` and `/`, so `1/4 W` is a quarter
/// watt), `^` or `**` (before them), `²`, `³`, unary signs and parentheses.
struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn new(text: &str) -> Result<Parser, ReadError> {
        Ok(Parser {
            tokens: tokenize(text)?,
            at: 0,
        })
    }

    fn parse(mut self) -> Result<Expr, ReadError> {
        if self.tokens.is_empty() {
            return Err(ReadError::Syntax("there is no value".into()));
        }
        let expr = self.product()?;
        match self.tokens.get(self.at) {
            None => Ok(expr),
            Some(token) => Err(unexpected(token)),
        }
    }

    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn product(&mut self) -> Result<Expr, ReadError> {
        let mut expr = self.power()?;
        loop {
            match self.peek() {
                Some(Token::Symbol('*')) => {
                    self.at += 1;
                    expr = Expr::Mul(Box::new(expr), Box::new(self.power()?));
                }
                Some(Token::Symbol('/')) => {
                    self.at += 1;
                    expr = Expr::Div(Box::new(expr), Box::new(self.power()?));
                }
                Some(Token::Number(_) | Token::Name(_) | Token::Symbol('(')) => {
                    expr = Expr::Mul(Box::new(expr), Box::new(self.power()?));
                }
                _ => return Ok(expr),
            }
        }
    }

    fn power(&mut self) -> Result<Expr, ReadError> {
        let base = self.unary()?;
        if self.peek() != Some(&Token::Symbol('^')) {
            return Ok(base);
        }
        self.at += 1;
        let negative = match self.peek() {
            Some(Token::Symbol(sign @ ('-' | '+'))) => {
                let negative = *sign == '-';
                self.at += 1;
                negative
            }
            _ => false,
        };
        match self.peek() {
            Some(Token::Number(n)) => {
                let n = if negative { -*n } else { *n };
                self.at += 1;
                Ok(Expr::Pow(Box::new(base), n))
            }
            Some(token) => Err(unexpected(token)),
            None => Err(ReadError::Syntax("an exponent is missing".into())),
        }
    }

    fn unary(&mut self) -> Result<Expr, ReadError> {
        match self.peek() {
            Some(Token::Symbol('-')) => {
                self.at += 1;
                Ok(Expr::Neg(Box::new(self.unary()?)))
            }
            Some(Token::Symbol('+')) => {
                self.at += 1;
                self.unary()
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Result<Expr, ReadError> {
        let token = self
            .peek()
            .cloned()
            .ok_or_else(|| ReadError::Syntax("the value ends too early".into()))?;
        self.at += 1;
        match token {
            Token::Number(n) => Ok(Expr::Number(n)),
            Token::Name(name) => Ok(Expr::Name(name)),
            Token::Symbol('(') => {
                let inner = self.product()?;
                match self.peek() {
                    Some(Token::Symbol(')')) => {
                        self.at += 1;
                        Ok(inner)
                    }
                    _ => Err(ReadError::Syntax("a `)` is missing".into())),
                }
            }
            other => Err(unexpected(&other)),
        }
    }
}

fn unexpected(token: &Token) -> ReadError {
    ReadError::Syntax(match token {
        Token::Number(n) => format!("unexpected number {n}"),
        Token::Name(name) => format!("unexpected `{name}`"),
        Token::Symbol(c) => format!("unexpected `{c}`"),
    })
}

fn tokenize(text: &str) -> Result<Vec<Token>, ReadError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let starts_name = |c: char| c.is_alphabetic() || c == '_' || c == '°';
    while i < chars.len() {
        let c = chars[i];
        let next_is_digit = chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || (c == '.' && next_is_digit) {
            let start = i;
            let digits = |i: &mut usize| {
                while *i < chars.len()
                    && (chars[*i].is_ascii_digit()
                        || (chars[*i] == '_'
                            && chars.get(*i + 1).is_some_and(char::is_ascii_digit)))
                {
                    *i += 1;
                }
            };
            digits(&mut i);
            if chars.get(i) == Some(&'.') {
                i += 1;
                digits(&mut i);
            }
            if matches!(chars.get(i), Some('e' | 'E')) {
                let sign = usize::from(matches!(chars.get(i + 1), Some('+' | '-')));
                if chars.get(i + 1 + sign).is_some_and(char::is_ascii_digit) {
                    i += 1 + sign;
                    digits(&mut i);
                }
            }
            let number: String = chars[start..i].iter().filter(|c| **c != '_').collect();
            let value = number
                .parse::<f64>()
                .map_err(|_| ReadError::Syntax(format!("`{number}` is not a number")))?;
            tokens.push(Token::Number(value));
        } else if starts_name(c) {
            let start = i;
            i += 1;
            while i < chars.len()
                && (chars[i].is_alphabetic() || chars[i].is_ascii_digit() || chars[i] == '_')
            {
                i += 1;
            }
            tokens.push(Token::Name(chars[start..i].iter().collect()));
        } else if c == '%' || c == '‰' {
            tokens.push(Token::Name(c.to_string()));
            i += 1;
        } else if c == '²' || c == '³' {
            tokens.push(Token::Symbol('^'));
            tokens.push(Token::Number(if c == '²' { 2.0 } else { 3.0 }));
            i += 1;
        } else if c == '*' && chars.get(i + 1) == Some(&'*') {
            tokens.push(Token::Symbol('^'));
            i += 2;
        } else if matches!(c, '*' | '/' | '^' | '(' | ')' | '-' | '+') {
            tokens.push(Token::Symbol(c));
            i += 1;
        } else if c == '·' || c == '×' {
            tokens.push(Token::Symbol('*'));
            i += 1;
        } else {
            return Err(ReadError::Syntax(format!("unexpected `{c}`")));
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> Units {
        // The demo dataset's one custom unit.
        Units::with_custom([("R", "ohm", "")])
    }

    fn convert(value: &str, unit: &str) -> f64 {
        units()
            .convert(value, unit)
            .unwrap_or_else(|e| panic!("{value} in {unit}: {e:?}"))
    }

    /// Equal to within floating-point noise (pint's own results carry some).
    fn assert_close(value: &str, unit: &str, expected: f64) {
        let got = convert(value, unit);
        assert!(
            (got - expected).abs() <= 1e-12 * expected.abs().max(1e-300),
            "{value} in {unit}: {got}, expected {expected}"
        );
    }

    #[test]
    fn the_demo_datasets_values_convert_as_inventree_stored_them() {
        // Every row of semantics-2 §1's evidence table: data, template unit, data_numeric.
        for (data, unit, stored) in [
            ("10kohm", "ohms", 10000.0),
            ("4k7", "ohms", 4700.0),
            ("2k2", "ohms", 2200.0),
            ("22k0R", "ohms", 22000.0),
            ("220kR", "ohms", 220000.0),
            ("10R", "ohms", 10.0),
            ("220", "ohms", 220.0),
            ("2.9m", "mm", 2900.0),
            ("3 m", "mm", 3000.0),
            ("2.7cm", "mm", 27.0),
            ("1 inch", "mm", 25.4),
            ("0.2 inch", "mm", 5.08),
            ("100 thou", "mm", 2.54),
            ("2 inches", "mm", 50.8),
            ("100nF", "F", 1.0000000000000002e-07),
            ("100pF", "F", 1e-10),
            ("10uF", "F", 1.0000000000000003e-05),
            ("1/10", "W", 0.1),
            ("1/2", "W", 0.5),
            ("1/5", "W", 0.2),
            (".1", "percent", 0.1),
            ("5", "percent", 5.0),
        ] {
            assert_close(data, unit, stored);
        }
    }

    #[test]
    fn every_resistance_in_the_demo_dataset_converts() {
        // The other spellings among the demo's Resistance rows.
        for (data, ohms) in [
            ("100k", 100000.0),
            ("1k", 1000.0),
            ("2.2kohm", 2200.0),
            ("220R", 220.0),
            ("22kR", 22000.0),
            ("2k20", 2200.0),
            ("5k6", 5600.0),
            ("56000", 56000.0),
            ("68k", 68000.0),
        ] {
            assert_close(data, "ohms", ohms);
        }
    }

    #[test]
    fn si_prefixes_scale_any_unit() {
        assert_close("4.7uF", "F", 4.7e-6);
        assert_close("4.7\u{b5}F", "F", 4.7e-6);
        assert_close("4.7\u{3bc}F", "F", 4.7e-6);
        assert_close("10 k\u{2126}", "ohm", 1e4);
        assert_close("100 nF", "F", 1e-7);
        assert_close("22pF", "F", 2.2e-11);
        assert_close("10mH", "H", 0.01);
        assert_close("3.3 MΩ", "ohm", 3.3e6);
        assert_close("1 Gohm", "ohm", 1e9);
        assert_close("1 kiloohm", "ohm", 1000.0);
        assert_close("500 mA", "A", 0.5);
        assert_close("2 dam", "m", 20.0);
        assert_close("1 hl", "l", 100.0);
        // Into a prefixed template unit: the result is in that unit.
        assert_close("0.1uF", "nF", 100.0);
        assert_close("1 km", "mm", 1e6);
    }

    #[test]
    fn a_bare_number_or_prefix_takes_the_templates_unit() {
        assert_close("10k", "ohms", 10000.0);
        assert_close("100n", "F", 1e-7);
        assert_close("4u7", "F", 4.7e-6);
        assert_close("12", "V", 12.0);
        assert_close("-40", "degC", -40.0);
        assert_close("1e3", "ohm", 1000.0);
    }

    #[test]
    fn fractions_and_decimals_of_watts() {
        assert_close("1/4 W", "W", 0.25);
        assert_close("1/4W", "W", 0.25);
        assert_close("0.25W", "W", 0.25);
        assert_close("250 mW", "W", 0.25);
        assert_close("1/4", "W", 0.25);
    }

    #[test]
    fn lengths_areas_and_volumes_convert_between_systems() {
        assert_close("3'", "mm", 914.4);
        assert_close("2\"", "mm", 50.8);
        assert_close("10 mil", "mm", 0.254);
        assert_close("1 ft", "inch", 12.0);
        assert_close("500 ml", "l", 0.5);
        assert_close("2 litres", "ml", 2000.0);
        assert_close("1 l", "m^3", 0.001);
        assert_close("1000 cm^3", "l", 1.0);
        assert_close("1 m³", "litre", 1000.0);
        assert_close("1 m**2", "cm^2", 10000.0);
        assert_close("1 kg/m^3", "g/cm^3", 0.001);
    }

    #[test]
    fn dimensionless_units_are_taken_in_base_units_as_inventree_does() {
        // InvenTree reads a dimensionless value in base units and takes that number in the
        // template's unit: "5 %" in a percent template is stored as 0.05, while "5" is 5.
        assert_close("5 %", "percent", 0.05);
        assert_close("5%", "percent", 0.05);
        assert_close("2 dozen", "piece", 24.0);
        assert_close("3 each", "piece", 3.0);
        assert_close("1 hundred", "ea", 100.0);
        assert_close("250 ppm", "percent", 0.00025);
    }

    #[test]
    fn temperatures_keep_their_zero() {
        assert_close("25 degC", "K", 298.15);
        assert_close("77 degF", "degC", 25.0);
        assert_close("300 K", "degC", 26.850000000000023);
        assert_close("25 °C", "degC", 25.0);
        assert_close("-40 degF", "degC", -40.0);
        assert!(units().convert("25 degC/s", "K/s").is_err());
    }

    #[test]
    fn unit_names_in_another_case_are_found() {
        assert_close("10 kOhm", "ohms", 10000.0);
        assert_close("4.7 kOHM", "ohms", 4700.0);
        // A prefix keeps its case: K is kelvin, not kilo.
        assert!(units().convert("4.7 KOHM", "ohms").is_err());
        assert_close("2 Ohms", "ohm", 2.0);
    }

    #[test]
    fn plurals_are_found_for_names_of_two_characters_or_more() {
        assert_close("2 metres", "mm", 2000.0);
        assert_close("3 volts", "V", 3.0);
        assert_close("2 lbs", "kg", 0.90718474);
        // `ms` is milliseconds, not metres.
        assert_close("5 ms", "s", 0.005);
    }

    #[test]
    fn custom_units_are_defined_from_their_definition_and_symbol() {
        let site = Units::with_custom([
            ("R", "ohm", ""),
            ("reel", "5000", "rl"),
            ("hand", "4 inch", ""),
            ("broken", "3 parsecs", ""),
        ]);
        assert_eq!(site.convert("2 reel", "piece"), Ok(10000.0));
        assert_eq!(site.convert("1 rl", "piece"), Ok(5000.0));
        assert_eq!(site.convert("10 kR", "ohm"), Ok(10000.0));
        assert!((site.convert("1 hand", "mm").unwrap() - 101.6).abs() < 1e-9);
        // An unreadable definition is skipped, as InvenTree skips it.
        assert_eq!(
            site.convert("1 broken", "m"),
            Err(ConvertError::Unreadable(ReadError::UnknownUnit(
                "broken".into()
            )))
        );
        // Without the custom unit, R is not a unit.
        assert_eq!(
            Units::built_in().convert("10R", "ohm"),
            Err(ConvertError::Unreadable(ReadError::UnknownUnit("R".into())))
        );
    }

    #[test]
    fn a_quantity_of_another_dimension_is_refused_naming_both() {
        let error = units().convert("10uF", "ohms").unwrap_err();
        assert_eq!(
            error,
            ConvertError::Mismatch {
                found: units().unit("F").unwrap().dimension,
                wanted: units().unit("ohm").unwrap().dimension,
            }
        );
        let ConvertError::Mismatch { found, wanted } = error else {
            unreachable!()
        };
        assert_eq!(found.to_string(), "a capacitance");
        assert_eq!(wanted.to_string(), "a resistance");
        assert_eq!(
            units().unit("m/s^3").unwrap().dimension.to_string(),
            "a quantity in m·s^-3"
        );
        assert!(matches!(
            units().convert("5 kg", "mm"),
            Err(ConvertError::Mismatch { .. })
        ));
        assert!(matches!(
            units().convert("90 deg", "percent"),
            Err(ConvertError::Mismatch { .. })
        ));
    }

    #[test]
    fn unreadable_values_say_why() {
        assert_eq!(
            units().convert("Red", "ohms"),
            Err(ConvertError::Unreadable(ReadError::UnknownUnit(
                "Red".into()
            )))
        );
        assert_eq!(units().convert("  ", "ohms"), Err(ConvertError::Empty));
        assert_eq!(
            units().convert("10 (k", "ohms"),
            Err(ConvertError::Unreadable(ReadError::Syntax(
                "a `)` is missing".into()
            )))
        );
        assert_eq!(
            units().convert("1,5k", "ohms"),
            Err(ConvertError::Unreadable(ReadError::Syntax(
                "unexpected `,`".into()
            )))
        );
        // `k` alone is only a prefix.
        assert!(units().quantity("10k").is_err());
        assert!(units().convert("2 m^0.5", "mm").is_err());
    }

    #[test]
    fn a_template_unit_outside_the_registry_is_reported() {
        assert_eq!(
            units().convert("12", "furlongs"),
            Err(ConvertError::UnknownTarget(ReadError::UnknownUnit(
                "furlongs".into()
            )))
        );
    }

    #[test]
    fn engineering_notation_moves_the_prefix_to_the_decimal_point() {
        assert_eq!(from_engineering_notation("4k7"), "4.7k");
        assert_eq!(from_engineering_notation("22k0R"), "22.0kR");
        assert_eq!(from_engineering_notation("10n005F"), "10.005nF");
        assert_eq!(from_engineering_notation(" 1K2 ohm "), "1.2K ohm");
        assert_eq!(from_engineering_notation("4µ7"), "4.7µ");
        for unchanged in ["10uF", "2.2k", "M3x8", "100", "k7"] {
            assert_eq!(from_engineering_notation(unchanged), unchanged);
        }
    }
}
