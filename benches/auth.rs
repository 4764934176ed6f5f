//! The cost of checking each kind of credential, cached and uncached.
//!
//!     DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench auth
//!
//! Builds the demo database `inventree_mcp_bench` on that server and prints one line per case.

use std::time::{Duration, Instant};

use inventree_mcp::auth::{Authenticator, Credential};
use inventree_mcp::config::Config;
use inventree_mcp::{db, demo};

/// Name, verdict cache TTL (ms), password cache TTL (ms), calls, the credential.
type Case<'a> = (&'a str, u64, u64, u32, &'a dyn Fn() -> Credential);

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(run());
}

async fn run() {
    let server = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
    let url = demo::create(&server, "inventree_mcp_bench").await.unwrap();
    let token = || Credential::Token(demo::DEMO_TOKEN.into());
    let engineer = || Credential::Basic {
        username: "engineer".into(),
        password: "partsonly".into(),
    };
    // The demo user's hash has Django's default of 1,000,000 PBKDF2-SHA256 rounds.
    let superuser = || Credential::Basic {
        username: "demo".into(),
        password: "demo".into(),
    };
    println!(
        "{:<58} {:>10} {:>12}",
        "credential check", "calls", "per call"
    );
    let cases: [Case; 6] = [
        ("Token, verdict cached", 5000, 0, 200_000, &token),
        (
            "Token, uncached (token + roles queries)",
            0,
            0,
            2_000,
            &token,
        ),
        ("Basic, verdict cached", 5000, 300_000, 200_000, &engineer),
        (
            "Basic, password cached (user + roles queries)",
            0,
            300_000,
            2_000,
            &engineer,
        ),
        (
            "Basic, uncached, pbkdf2_sha256 1,000 rounds",
            0,
            0,
            200,
            &engineer,
        ),
        (
            "Basic, uncached, pbkdf2_sha256 1,000,000 rounds",
            0,
            0,
            5,
            &superuser,
        ),
    ];
    for (name, verdict_ttl, password_ttl, calls, credential) in cases {
        let config = Config {
            database_url: url.clone(),
            auth_cache_ttl_ms: verdict_ttl,
            password_cache_ttl_ms: password_ttl,
            login_failure_limit: u32::MAX,
            ..Config::default()
        };
        let metrics = std::sync::Arc::new(inventree_mcp::metrics::Metrics::new(Vec::new()));
        let auth = Authenticator::new(db::read_pool(&config).unwrap(), &config, metrics);
        let credential = credential();
        // Warm-up: connections, prepared statements, caches.
        for _ in 0..3 {
            auth.verify(&credential, None).await.unwrap().unwrap();
        }
        let started = Instant::now();
        for _ in 0..calls {
            auth.verify(&credential, None).await.unwrap().unwrap();
        }
        let per_call = started.elapsed() / calls;
        println!("{name:<58} {calls:>10} {:>12}", format_duration(per_call));
    }
}

fn format_duration(d: Duration) -> String {
    if d < Duration::from_micros(10) {
        format!("{} ns", d.as_nanos())
    } else if d < Duration::from_millis(10) {
        format!("{:.1} us", d.as_secs_f64() * 1e6)
    } else {
        format!("{:.1} ms", d.as_secs_f64() * 1e3)
    }
}
