//! Counters for `/metrics`, in Prometheus' text format. Recording a call costs a few relaxed
//! atomic additions; nothing is formatted until `/metrics` is read.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use sqlx::PgPool;

/// Upper bounds of the latency histogram's buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct ToolStats {
    calls: AtomicU64,
    errors: AtomicU64,
    /// Calls per bucket (not cumulative; summed when rendered), the last one past every bound.
    buckets: [AtomicU64; BUCKETS.len() + 1],
    micros: AtomicU64,
}

/// What `/metrics` reports.
pub struct Metrics {
    names: Vec<String>,
    /// One entry per tool, in `names` order.
    tools: Vec<ToolStats>,
    auth_failures: Mutex<BTreeMap<&'static str, u64>>,
    database_errors: AtomicU64,
}

impl Metrics {
    pub fn new(tool_names: impl IntoIterator<Item = String>) -> Metrics {
        let names: Vec<String> = tool_names.into_iter().collect();
        Metrics {
            tools: names.iter().map(|_| ToolStats::default()).collect(),
            names,
            auth_failures: Mutex::new(BTreeMap::new()),
            database_errors: AtomicU64::new(0),
        }
    }

    /// A finished call of the tool at `index`; `failed` when it answered an error.
    pub fn call(&self, index: usize, elapsed: Duration, failed: bool) {
        let Some(stats) = self.tools.get(index) else {
            return;
        };
        stats.calls.fetch_add(1, Relaxed);
        if failed {
            stats.errors.fetch_add(1, Relaxed);
        }
        let seconds = elapsed.as_secs_f64();
        let bucket = BUCKETS
            .iter()
            .position(|bound| seconds <= *bound)
            .unwrap_or(BUCKETS.len());
        stats.buckets[bucket].fetch_add(1, Relaxed);
        stats
            .micros
            .fetch_add(elapsed.as_micros().min(u64::MAX as u128) as u64, Relaxed);
    }

    pub fn auth_failure(&self, reason: &'static str) {
        *self
            .auth_failures
            .lock()
            .expect("metrics lock")
            .entry(reason)
            .or_default() += 1;
    }

    pub fn database_error(&self) {
        self.database_errors.fetch_add(1, Relaxed);
    }

    /// The text `/metrics` answers: tool calls, errors and latencies, refused credentials,
    /// database errors and both connection pools.
    pub fn render(&self, read: &PgPool, write: Option<&PgPool>) -> String {
        let mut out = String::with_capacity(16 * 1024);
        self.per_tool(&mut out, "tool_calls_total", "Tool calls answered.", |s| {
            &s.calls
        });
        self.per_tool(
            &mut out,
            "tool_errors_total",
            "Tool calls answered with an error.",
            |s| &s.errors,
        );
        out.push_str(
            "# HELP inventree_mcp_tool_duration_seconds Time to answer a tool call.\n\
             # TYPE inventree_mcp_tool_duration_seconds histogram\n",
        );
        for (name, stats) in self.names.iter().zip(&self.tools) {
            let mut cumulative = 0;
            for (i, count) in stats.buckets.iter().enumerate() {
                cumulative += count.load(Relaxed);
                let bound = BUCKETS.get(i).map_or("+Inf".to_string(), |b| b.to_string());
                let _ = writeln!(
                    out,
                    "inventree_mcp_tool_duration_seconds_bucket{{tool=\"{name}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "inventree_mcp_tool_duration_seconds_sum{{tool=\"{name}\"}} {}\n\
                 inventree_mcp_tool_duration_seconds_count{{tool=\"{name}\"}} {cumulative}",
                stats.micros.load(Relaxed) as f64 / 1e6
            );
        }
        out.push_str(
            "# HELP inventree_mcp_auth_failures_total Requests refused for their credential, by reason.\n\
             # TYPE inventree_mcp_auth_failures_total counter\n",
        );
        for (reason, count) in self.auth_failures.lock().expect("metrics lock").iter() {
            let _ = writeln!(
                out,
                "inventree_mcp_auth_failures_total{{reason=\"{reason}\"}} {count}"
            );
        }
        let _ = write!(
            out,
            "# HELP inventree_mcp_database_errors_total Tool calls failed by a database error or timeout.\n\
             # TYPE inventree_mcp_database_errors_total counter\n\
             inventree_mcp_database_errors_total {}\n",
            self.database_errors.load(Relaxed)
        );
        out.push_str(
            "# HELP inventree_mcp_pool_connections Open connections to PostgreSQL, by pool and state.\n\
             # TYPE inventree_mcp_pool_connections gauge\n",
        );
        let pools: Vec<(&str, &PgPool)> = [("read", Some(read)), ("write", write)]
            .into_iter()
            .filter_map(|(name, pool)| Some((name, pool?)))
            .collect();
        for (pool_name, pool) in &pools {
            let (size, idle) = (pool.size() as usize, pool.num_idle());
            let _ = writeln!(
                out,
                "inventree_mcp_pool_connections{{pool=\"{pool_name}\",state=\"in_use\"}} {}\n\
                 inventree_mcp_pool_connections{{pool=\"{pool_name}\",state=\"idle\"}} {idle}",
                size.saturating_sub(idle),
            );
        }
        // A family of its own: a family's lines come together, after its HELP and TYPE.
        out.push_str(
            "# HELP inventree_mcp_pool_max_connections Most connections a pool opens.\n\
             # TYPE inventree_mcp_pool_max_connections gauge\n",
        );
        for (pool_name, pool) in &pools {
            let _ = writeln!(
                out,
                "inventree_mcp_pool_max_connections{{pool=\"{pool_name}\"}} {}",
                pool.options().get_max_connections()
            );
        }
        out
    }

    /// The counter `inventree_mcp_<name>` of every tool, under its HELP and TYPE lines.
    fn per_tool(
        &self,
        out: &mut String,
        name: &str,
        help: &str,
        counter: impl Fn(&ToolStats) -> &AtomicU64,
    ) {
        let _ = writeln!(
            out,
            "# HELP inventree_mcp_{name} {help}\n# TYPE inventree_mcp_{name} counter"
        );
        for (tool, stats) in self.names.iter().zip(&self.tools) {
            let _ = writeln!(
                out,
                "inventree_mcp_{name}{{tool=\"{tool}\"}} {}",
                counter(stats).load(Relaxed)
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn histogram_buckets_are_cumulative() {
        let metrics = Metrics::new(["get_part".to_string()]);
        metrics.call(0, Duration::from_micros(300), false);
        metrics.call(0, Duration::from_millis(3), true);
        metrics.call(0, Duration::from_secs(20), false);
        metrics.auth_failure("revoked");
        let pool = sqlx::postgres::PgPoolOptions::new()
            .connect_lazy("postgres://nobody@127.0.0.1:1/none")
            .unwrap();
        let text = metrics.render(&pool, None);
        for line in [
            "inventree_mcp_tool_calls_total{tool=\"get_part\"} 3",
            "inventree_mcp_tool_errors_total{tool=\"get_part\"} 1",
            "inventree_mcp_tool_duration_seconds_bucket{tool=\"get_part\",le=\"0.0005\"} 1",
            "inventree_mcp_tool_duration_seconds_bucket{tool=\"get_part\",le=\"0.0025\"} 1",
            "inventree_mcp_tool_duration_seconds_bucket{tool=\"get_part\",le=\"0.005\"} 2",
            "inventree_mcp_tool_duration_seconds_bucket{tool=\"get_part\",le=\"10\"} 2",
            "inventree_mcp_tool_duration_seconds_bucket{tool=\"get_part\",le=\"+Inf\"} 3",
            "inventree_mcp_tool_duration_seconds_sum{tool=\"get_part\"} 20.0033",
            "inventree_mcp_tool_duration_seconds_count{tool=\"get_part\"} 3",
            "inventree_mcp_auth_failures_total{reason=\"revoked\"} 1",
            "inventree_mcp_database_errors_total 0",
            "inventree_mcp_pool_connections{pool=\"read\",state=\"in_use\"} 0",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "{line} missing from\n{text}"
            );
        }
    }

    #[tokio::test]
    async fn each_family_comes_in_one_group_after_its_type() {
        let metrics = Metrics::new(["get_part".to_string(), "list_parts".to_string()]);
        let pool = sqlx::postgres::PgPoolOptions::new()
            .connect_lazy("postgres://nobody@127.0.0.1:1/none")
            .unwrap();
        let text = metrics.render(&pool, Some(&pool));
        let mut typed = Vec::new();
        let mut current = "";
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                current = rest.split(' ').next().unwrap();
                assert!(!typed.contains(&current), "{current} typed twice");
                typed.push(current);
            } else if !line.starts_with('#') {
                let name = line.split(['{', ' ']).next().unwrap();
                let family = ["_bucket", "_sum", "_count"]
                    .iter()
                    .find_map(|suffix| name.strip_suffix(suffix))
                    .filter(|base| *base == current)
                    .unwrap_or(name);
                assert_eq!(family, current, "{line} outside its family's group");
            }
        }
    }
}
