//! The shape of the crate: no module imports a module that imports it back, and the shared
//! state stays at the bottom, out of `auth/`, `tools/` and the request limits.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every source file of the library as its module path (`tools::parts`), with its text.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_str().unwrap().to_string();
            if path.is_dir() {
                walk(&path, &format!("{prefix}{name}::"), out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = match name.as_str() {
                    "lib" | "main" if prefix.is_empty() => continue,
                    "mod" => prefix.trim_end_matches("::").to_string(),
                    _ => format!("{prefix}{name}"),
                };
                out.insert(module, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        "",
        &mut out,
    );
    out
}

/// The paths a file's `use` declarations name, as written (`crate::a::b`, `super::c`), with
/// groups expanded. Tests inside the file (`#[cfg(test)]`) are left out.
fn use_paths(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap();
    let mut paths = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before = &rest[..at];
        let starts_line = before.is_empty() || before.ends_with('\n') || before.ends_with(' ');
        rest = &rest[at + 4..];
        if !starts_line {
            continue;
        }
        let Some(end) = rest.find(';') else { break };
        let declaration: String = rest[..end].split_whitespace().collect();
        expand("", &declaration, &mut paths);
    }
    paths
}

/// `a::{b, c::{d}}` into `a::b`, `a::c::d`.
fn expand(prefix: &str, tree: &str, out: &mut Vec<String>) {
    match tree.find('{') {
        None => out.push(format!("{prefix}{tree}")),
        Some(open) => {
            let head = &tree[..open];
            let inner = &tree[open + 1..tree.len() - 1];
            let mut depth = 0;
            let mut start = 0;
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&format!("{prefix}{head}"), &inner[start..i], out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            if start < inner.len() {
                expand(&format!("{prefix}{head}"), &inner[start..], out);
            }
        }
    }
}

/// The module a path leads to: the longest prefix that is a module of ours.
fn target(from: &str, path: &str, modules: &BTreeMap<String, String>) -> Option<String> {
    let absolute = if let Some(rest) = path.strip_prefix("crate::") {
        rest.to_string()
    } else if let Some(rest) = path.strip_prefix("super::") {
        let parent = from.rsplit_once("::").map_or("", |(parent, _)| parent);
        if parent.is_empty() {
            rest.to_string()
        } else {
            format!("{parent}::{rest}")
        }
    } else {
        // A path relative to the module itself: one of its children.
        let child = format!("{from}::{}", path.split("::").next()?);
        if !modules.contains_key(&child) {
            return None;
        }
        format!("{from}::{path}")
    };
    let segments: Vec<&str> = absolute.split("::").collect();
    (1..=segments.len())
        .rev()
        .map(|n| segments[..n].join("::"))
        .find(|candidate| modules.contains_key(candidate))
}

/// Module -> the modules it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules();
    modules
        .iter()
        .map(|(module, text)| {
            let targets = use_paths(text)
                .iter()
                .filter_map(|path| target(module, path, &modules))
                .filter(|target| target != module)
                .collect();
            (module.clone(), targets)
        })
        .collect()
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let graph = graph();
    assert!(graph.len() > 30, "found only {} modules", graph.len());
    // Every cycle, found as a path back to where it started.
    let mut cycles = BTreeSet::new();
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((module, path)) = stack.pop() {
            for next in &graph[&module] {
                if next == start {
                    let mut cycle = path.clone();
                    cycle.push(start.clone());
                    cycles.insert(cycle.join(" -> "));
                } else if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", {
        let list: Vec<String> = cycles.into_iter().collect();
        list.join("\n")
    });
}

#[test]
fn the_shared_state_is_imported_only_by_the_server_layers() {
    let graph = graph();
    let importers: Vec<&String> = graph
        .iter()
        .filter(|(_, targets)| targets.contains("state"))
        .map(|(module, _)| module)
        .collect();
    for module in &importers {
        assert!(
            // The MCP handler and its two transports.
            ["mcp", "stdio"].contains(&module.as_str()) || module.starts_with("http"),
            "{module} imports the shared state"
        );
        assert_ne!(module.as_str(), "http::limits");
    }
    assert!(!importers.is_empty());
}

#[test]
fn use_declarations_are_read_as_written() {
    assert_eq!(
        use_paths("use crate::a::{b, c::{d, e}};\nfn f() {}\n    use super::x;"),
        [
            "crate::a::b",
            "crate::a::c::d",
            "crate::a::c::e",
            "super::x"
        ]
    );
}
